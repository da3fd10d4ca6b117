import { ManualClock } from '../../helpers/manual-clock';
import type { HeraldEvent } from '../../../src/shared/events';
import { DEFAULT_SETTINGS, type QuietHours } from '../../../src/shared/settings';
import { BODY_MAX, createNotificationPolicy, toastText, type Toast } from '../../../src/main/notifications/policy';
import type { UiLanguage } from '../../../src/main/strings';
import { notificationEvent } from './notification-event';

function setup(opts: { quiet?: Partial<QuietHours>; minutes?: number; lang?: UiLanguage } = {}) {
  const clock = new ManualClock();
  const toasts: Toast[] = [];
  const state = { paused: false, quiet: { ...DEFAULT_SETTINGS.quietHours, ...opts.quiet }, minutes: opts.minutes ?? 12 * 60 };
  const policy = createNotificationPolicy({
    clock,
    quietHours: () => state.quiet,
    paused: () => state.paused,
    language: () => opts.lang ?? 'en',
    localMinutes: () => state.minutes,
    show: (t) => toasts.push(t),
  });
  const deliver = (events: HeraldEvent[], catchUp = false) => policy.onEvents({ sourceId: 'demo', events, catchUp });
  return { clock, toasts, state, policy, deliver };
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => notificationEvent(from + i));

describe('notification policy', () => {
  it('shows one toast per new notification, with its title, body and item', () => {
    const { toasts, deliver } = setup();
    deliver([notificationEvent(1, { title: 'Deploy done', body: 'All green' })]);
    expect(toasts).toEqual([
      { kind: 'item', title: 'Deploy done', body: 'All green', itemKey: 'demo/i1', urgent: false, sound: 'none', sourceId: 'demo', itemId: 'i1' },
    ]);
  });

  it('coalesces a burst of 50: the first 3 on their own, then one "47 new notifications"', () => {
    const { toasts, deliver, clock } = setup();
    deliver(range(1, 50));
    expect(toasts.map((t) => t.title)).toEqual(['Title 1', 'Title 2', 'Title 3']);
    clock.advance(1000);
    expect(toasts).toHaveLength(4);
    expect(toasts[3]).toMatchObject({ kind: 'burst', title: '47 new notifications' });
    expect(toasts[3]?.itemKey).toBeUndefined();
    // The burst is over after a quiet second: the next one toasts on its own again.
    clock.advance(2000);
    deliver([notificationEvent(99)]);
    expect(toasts[4]).toMatchObject({ kind: 'item', title: 'Title 99' });
  });

  it('a steady stream gives at most one summary per window, in Chinese when asked', () => {
    const { toasts, deliver, clock } = setup({ lang: 'zh-CN' });
    for (let i = 0; i < 30; i++) {
      deliver([notificationEvent(i)]);
      clock.advance(100);
    }
    clock.advance(1000);
    expect(toasts.filter((t) => t.kind === 'item')).toHaveLength(3);
    const summaries = toasts.filter((t) => t.kind === 'burst');
    expect(summaries.length).toBe(3);
    expect(summaries.reduce((n, t) => n + Number(t.title.split(' ')[0]), 0)).toBe(27);
    expect(summaries[0]?.title).toMatch(/^\d+ 条新通知$/);
  });

  it('a sealed notification toasts only that it is encrypted, in the reader\'s language; its priority still rules', () => {
    for (const [lang, words] of [
      ['en', ['Encrypted — no key for this source', 'Encrypted — could not be decrypted']],
      ['zh-CN', ['已加密 — 此来源没有密钥', '已加密 — 无法解密']],
    ] as const) {
      const { toasts, deliver } = setup({ lang });
      const sealed = (n: number, state: 'no_key' | 'undecryptable', priority: 1 | 5): HeraldEvent => {
        const e = notificationEvent(n, { title: '', body: '', priority });
        return { ...e, data: { ...(e.data as object), sealed: state } } as HeraldEvent;
      };
      deliver([sealed(1, 'no_key', 5), sealed(2, 'undecryptable', 5), sealed(3, 'no_key', 1)]);
      expect(toasts.map((t) => [t.title, t.body, t.urgent])).toEqual([
        [words[0], '', true],
        [words[1], '', true],
      ]);
    }
  });

  it('comments, likes and read updates never toast', () => {
    const { toasts, deliver } = setup();
    deliver([
      { id: 'c', type: 'new_comment', time: '', data: { itemId: 'i1', comment: { id: 'c1', itemId: 'i1', author: 'a', body: 'b', time: '' } } },
      { id: 'l', type: 'like_update', time: '', data: { itemId: 'i1', likes: 3, liked: false } },
      { id: 'r', type: 'read_update', time: '', data: { itemIds: ['i1'] } },
    ]);
    expect(toasts).toEqual([]);
  });

  it('honours quiet hours across midnight, letting priority 5 through only when allowed', () => {
    const { toasts, deliver, state } = setup({ quiet: { enabled: true, start: '22:00', end: '07:00', allowUrgent: true }, minutes: 23 * 60 });
    deliver([notificationEvent(1), notificationEvent(2, { priority: 5, title: 'Server down' })]);
    expect(toasts.map((t) => [t.title, t.urgent])).toEqual([['Server down', true]]);
    state.quiet = { ...state.quiet, allowUrgent: false };
    deliver([notificationEvent(3, { priority: 5 })]);
    expect(toasts).toHaveLength(1);
    state.minutes = 7 * 60; // 07:00, the window has ended
    deliver([notificationEvent(4)]);
    expect(toasts.map((t) => t.title)).toEqual(['Server down', 'Title 4']);
  });

  it('shows nothing while paused (priority 5 still breaks through when allowed)', () => {
    const { toasts, deliver, state, policy } = setup();
    state.paused = true;
    deliver(range(1, 10));
    policy.onCatchUp({ sourceId: 'demo', count: 5 });
    expect(toasts).toEqual([]);
    deliver([notificationEvent(20, { priority: 5 })]);
    expect(toasts).toHaveLength(1);
  });

  it('catch-up events do not toast; one summary says how many arrived while away', () => {
    const { toasts, deliver, policy } = setup();
    deliver(range(1, 12), true);
    expect(toasts).toEqual([]);
    policy.onCatchUp({ sourceId: 'demo', count: 12 });
    policy.onCatchUp({ sourceId: 'demo', count: 0 });
    expect(toasts).toEqual([{ kind: 'catch-up', title: '12 notifications while you were away', body: 'Open Herald to catch up.', urgent: false, sound: 'none' }]);
  });

  it('keeps text plain and short, cutting between characters, never inside an emoji', () => {
    expect(toastText('a\u0000b\u202Ec   d', 80)).toBe('a b c d');
    // Every bidi control, the Arabic letter mark and word joiners included: native text has no isolation.
    for (const ch of ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u2060', '\uFEFF']) {
      expect(toastText(`Invoice_${ch}fdp.exe`, 80), `U+${ch.codePointAt(0)!.toString(16)}`).toBe('Invoice_ fdp.exe');
    }
    expect(toastText('line1\n\n\nline2', 80, true)).toBe('line1\nline2');
    const long = '👍🏽'.repeat(300);
    const cut = toastText(long, BODY_MAX);
    expect(cut.endsWith('👍🏽…')).toBe(true);
    expect(Array.from(new Intl.Segmenter().segment(cut))).toHaveLength(BODY_MAX);
    const { toasts, deliver } = setup();
    deliver([notificationEvent(1, { title: '   ', body: 'x'.repeat(1000) })]);
    expect(toasts[0]?.title).toBe('Herald');
    expect(toasts[0]?.body.length).toBe(BODY_MAX);
  });
});
