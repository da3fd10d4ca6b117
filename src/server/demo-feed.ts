/**
 * The demo feed: a steady trickle of realistic events in Chinese and English (the examples of the browser
 * prototype Herald grew from — comments on an article, likes, build results, maintenance notices), so
 * `herald serve --demo` looks alive.
 * Everything random comes from the injected `random`, and time from the injected Clock: tests are deterministic.
 */
import type { Clock, TimerHandle } from '../core/base/clock';
import { systemClock } from '../core/base/clock';
import type { Logger } from '../core/base/log';
import type { HeraldEvent } from '../shared/events';
import type { PublishInput } from './publish';

export interface DemoFeedOptions {
  /** Publish one event (its result is not used: on the Redis store it arrives later, as a promise). */
  publish: (input: PublishInput) => HeraldEvent | Promise<HeraldEvent>;
  /** Item ids, newest first, that comments and likes may land on. */
  recentItems: () => string[];
  random: () => number;
  intervalMs: number;
  /** Publish a few items at once so the first screen is not empty. */
  seed: boolean;
  clock?: Clock;
  logger: Logger;
}

export interface DemoFeed {
  stop(): void;
}

const CN_NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '赵磊'];
const EN_NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'];
const ARTICLES = ['实时交互功能实战', '轮询、长轮询与 SSE', '离线同步的那些坑', 'Designing a notification inbox'];
const COMMENTS = ['写得太好了，学习了！', '请问 SSE 断线重连怎么处理？', 'Great write-up, thanks!', 'LGTM 👍', '长轮询的超时一般设多少合适？', 'Bookmarked for later.'];
const SYSTEM: Array<Pick<PublishInput, 'title' | 'body' | 'level'>> = [
  { title: '系统维护通知：今晚 23:00–23:30 服务短暂不可用', body: '维护期间消息会延迟送达，结束后自动补发。', level: 'warning' },
  { title: 'New version 2.4 is available', body: 'Restart to update. Release notes are on the website.', level: 'info' },
  { title: 'Security alert: new sign-in from Chrome on Linux', body: 'If this was not you, change your password now.', level: 'critical' },
  { title: '存储空间即将用尽', body: '已使用 92%，请清理附件或升级套餐。', level: 'warning' },
];

type Rand = () => number;

function pick<T>(random: Rand, list: readonly T[]): T {
  return list[Math.min(list.length - 1, Math.floor(random() * list.length))]!;
}

/** Mostly 3, sometimes quieter or louder. */
function priority(random: Rand): number {
  const r = random();
  if (r < 0.05) return 1;
  if (r < 0.2) return 2;
  if (r < 0.8) return 3;
  if (r < 0.93) return 4;
  return 5;
}

function notification(random: Rand): PublishInput {
  const n = 200 + Math.floor(random() * 100);
  switch (Math.floor(random() * 6)) {
    case 0: {
      const article = pick(random, ARTICLES);
      return {
        title: `${pick(random, CN_NAMES)} 评论了你的文章《${article}》`,
        body: pick(random, COMMENTS),
        priority: priority(random),
        url: `https://blog.example.com/posts/${n}`,
        tags: ['comment'],
      };
    }
    case 1:
      return { title: `Build #${n} passed`, body: 'main · 4m 12s · all tests green', priority: 2, url: `https://ci.example.com/builds/${n}`, tags: ['ci'] };
    case 2:
      return { title: `Build #${n} failed`, body: '3 tests failed in tests/core/connection/supervisor.test.ts', priority: 4, url: `https://ci.example.com/builds/${n}`, tags: ['ci'] };
    case 3:
      return { title: `${pick(random, EN_NAMES)} requested your review on PR #${n}`, body: 'Add long-poll fallback with ETag support', priority: priority(random), url: `https://git.example.com/herald/pull/${n}` };
    case 4:
      return { title: `订单 #${n}8812 已发货`, body: '预计明天送达，点击查看物流。', priority: priority(random) };
    default:
      return { title: `${pick(random, EN_NAMES)} started following you`, body: '', priority: priority(random), tags: ['social'] };
  }
}

/** One event: a notification most of the time, then comments and likes on recent items, now and then a system notice. */
export function nextDemoInput(random: Rand, recent: string[]): PublishInput {
  const r = random();
  const target = recent.length > 0 ? pick(random, recent.slice(0, 5)) : undefined;
  if (target !== undefined && r < 0.2) {
    return { type: 'new_comment', itemId: target, author: pick(random, [...CN_NAMES, ...EN_NAMES]), body: pick(random, COMMENTS) };
  }
  if (target !== undefined && r < 0.35) return { type: 'like_update', itemId: target };
  if (r < 0.45) return { type: 'system', ...pick(random, SYSTEM) };
  return notification(random);
}

const SEED: PublishInput[] = [
  { type: 'system', ...SYSTEM[0]! },
  { title: 'Build #231 passed', body: 'main · 3m 58s · all tests green', priority: 2, url: 'https://ci.example.com/builds/231', tags: ['ci'] },
  { title: '张伟 评论了你的文章《实时交互功能实战》', body: '写得太好了，学习了！', priority: 3, url: 'https://blog.example.com/posts/42', tags: ['comment'] },
  { title: 'Alice requested your review on PR #118', body: 'Heartbeat watchdog for the SSE transport', priority: 4, url: 'https://git.example.com/herald/pull/118' },
];

export function startDemoFeed(opts: DemoFeedOptions): DemoFeed {
  const clock = opts.clock ?? systemClock;
  let timer: TimerHandle | undefined;
  let stopped = false;
  const publish = (input: PublishInput): void => {
    // A bad template (or a store that refuses for a moment) must not stop the feed.
    const refused = (err: unknown): void => opts.logger.warn('demo event refused', { error: (err as Error).message });
    try {
      const result = opts.publish(input);
      if (result instanceof Promise) result.catch(refused);
    } catch (err) {
      refused(err);
    }
  };
  if (opts.seed) {
    for (const input of SEED) publish(input);
    const recent = opts.recentItems();
    if (recent[0] !== undefined) {
      publish({ type: 'new_comment', itemId: recent[0], author: 'Bob', body: 'Works on my machine 🙂' });
      publish({ type: 'like_update', itemId: recent[0] });
    }
  }
  const tick = (): void => {
    if (stopped) return;
    publish(nextDemoInput(opts.random, opts.recentItems()));
    timer = clock.setTimeout(tick, opts.intervalMs);
  };
  timer = clock.setTimeout(tick, opts.intervalMs);
  return {
    stop: () => {
      stopped = true;
      clock.clearTimeout(timer);
    },
  };
}
