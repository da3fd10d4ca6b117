import { ManualClock } from '../helpers/manual-clock';
import { silentLogger } from '../../src/core/base/log';
import type { HeraldEvent } from '../../src/shared/events';
import { isEventType } from '../../src/shared/events';
import type { PublishInput } from '../../src/server/publish';
import { nextDemoInput, startDemoFeed } from '../../src/server/demo-feed';
import { getJson, serve, subscribe, tempDir } from './fixture';

/** A small deterministic generator (LCG), so the feed's choices repeat run after run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function validEvent(e: HeraldEvent): void {
  expect(e.id).toMatch(/^[1-9]\d*$/);
  expect(isEventType(e.type)).toBe(true);
  expect(Date.parse(e.time)).not.toBeNaN();
  if (e.type === 'notification' || e.type === 'system') {
    expect(e.data.itemId).toBe(e.id);
    expect(e.data.title.length).toBeGreaterThan(0);
    expect([1, 2, 3, 4, 5]).toContain(e.data.priority);
  }
  if (e.type === 'notification' && e.data.url !== undefined) expect(e.data.url).toMatch(/^https:\/\//);
}

describe('demo feed (unit, manual clock)', () => {
  it('publishes one event per interval, and nothing after stop', () => {
    const clock = new ManualClock();
    const published: PublishInput[] = [];
    const feed = startDemoFeed({
      publish: (input) => {
        published.push(input);
        return {} as HeraldEvent;
      },
      recentItems: () => ['7', '6'],
      random: seeded(1),
      intervalMs: 8000,
      seed: false,
      clock,
      logger: silentLogger,
    });
    expect(published).toHaveLength(0);
    clock.advance(7999);
    expect(published).toHaveLength(0);
    clock.advance(1);
    expect(published).toHaveLength(1);
    clock.advance(8000 * 3);
    expect(published).toHaveLength(4);
    feed.stop();
    clock.advance(80_000);
    expect(published).toHaveLength(4);
    expect(clock.pending).toBe(0);
  });

  it('is deterministic for a given random, and mixes kinds, languages and priorities (mostly 3)', () => {
    const run = (): PublishInput[] => {
      const random = seeded(42);
      return Array.from({ length: 400 }, () => nextDemoInput(random, ['3', '2', '1']));
    };
    const a = run();
    expect(run()).toEqual(a);
    const types = new Set(a.map((i) => i.type ?? 'notification'));
    expect(types).toEqual(new Set(['notification', 'system', 'new_comment', 'like_update']));
    const texts = a.map((i) => `${i.title ?? ''} ${i.body ?? ''}`).join(' ');
    expect(texts).toMatch(/[\u4e00-\u9fff]/);
    expect(texts).toMatch(/Build #\d+ (passed|failed)/);
    const priorities = a.filter((i) => (i.type ?? 'notification') === 'notification').map((i) => i.priority);
    const threes = priorities.filter((p) => p === 3).length;
    expect(threes / priorities.length).toBeGreaterThan(0.3);
    expect(new Set(priorities).size).toBeGreaterThanOrEqual(4);
    expect(a.some((i) => i.url?.startsWith('https://'))).toBe(true);
  });

  it('comments and likes only on items that exist (none when there are no items)', () => {
    const random = seeded(7);
    for (let i = 0; i < 200; i++) {
      const input = nextDemoInput(random, []);
      expect(['notification', 'system', undefined]).toContain(input.type);
    }
  });
});

describe('demo feed (server)', () => {
  it('seeds a first screen at start and keeps publishing valid events at its pace', async () => {
    const server = await serve({ demo: { intervalMs: 30, random: seeded(3) } });
    const seededHead = Number(server.head());
    expect(seededHead).toBeGreaterThanOrEqual(4);
    const reader = await subscribe(server, '?lastEventId=0');
    await reader.until((f) => f.filter((x) => x.id !== undefined).length >= seededHead + 10, 5000, 'ten demo events after the first screen');
    const events = reader.events.filter((f) => f.id !== undefined).map((f) => JSON.parse(f.data!) as HeraldEvent);
    for (const e of events) validEvent(e);
    expect(events.slice(0, seededHead).some((e) => e.type === 'system')).toBe(true);
    // Comments and likes from the feed land on real items.
    for (const e of events) {
      if (e.type === 'new_comment' || e.type === 'like_update') expect((await getJson(`${server.url}/items/${e.data.itemId}`)).status).toBe(200);
    }
  });

  it('does not seed again over an existing data directory', async () => {
    const dataDir = tempDir();
    const first = await serve({ dataDir, demo: { intervalMs: 60_000, random: seeded(5) } });
    const head = first.head();
    await first.close();
    const second = await serve({ dataDir, demo: { intervalMs: 60_000, random: seeded(5) } });
    expect(second.head()).toBe(head);
  });
});
