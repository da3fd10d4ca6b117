/**
 * A publisher can attach any number of comments to an item (issue 19, "the publisher is an attacker"): Herald keeps
 * the newest COMMENTS_KEPT_PER_ITEM of each item — from the item answer, live, and merged — and counts the rest, so
 * the window can say how many earlier comments it does not show. Memory is bounded by counting what is kept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommentsCache } from '../../../src/core/inbox/comments-cache';
import { LiveComments } from '../../../src/core/inbox/live-comments';
import { createHeraldSource } from '../../../src/core/sources/herald';
import type { InboxComment } from '../../../src/shared/inbox';
import { COMMENTS_KEPT_PER_ITEM } from '../../../src/shared/stream-limits';

const comment = (n: number, itemId = '1'): InboxComment => ({
  id: `c${n}`,
  itemId,
  author: 'mallory',
  body: `comment ${n}`,
  // One second apart, in order: the higher the number, the newer.
  time: new Date(Date.UTC(2026, 11, 7) + n * 1000).toISOString(),
});
const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `c${from + i}`);

/** An item answer as the reference server gives it (`GET /items/:id`, comments oldest first), over real HTTP. */
async function serveItem(comments: unknown[]): Promise<{ url: string; server: Server }> {
  const body = JSON.stringify({ item: {}, comments, likes: 0, liked: false, read: true });
  const server = createServer((req, res) => {
    if (req.url !== '/items/1') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"not_found","message":"no such item"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('comments kept per item', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('is one limit of 200', () => {
    expect(COMMENTS_KEPT_PER_ITEM).toBe(200);
  });

  it('an item answer with 10 000 comments: the newest 200 are kept, 9 800 counted as left out', async () => {
    const served = await serveItem(Array.from({ length: 10_000 }, (_, i) => comment(i + 1)));
    server = served.server;
    const source = createHeraldSource({ id: 'h', kind: 'herald', url: served.url, token: '' }, { fetch: globalThis.fetch });
    const detail = await source.fetchItem!('1', AbortSignal.timeout(10_000));
    expect(detail.comments).toHaveLength(COMMENTS_KEPT_PER_ITEM);
    expect(ids(detail.comments)).toEqual(range(9801, 10_000));
    expect(detail.omittedComments).toBe(9800);
  });

  it('an answer within the limit leaves nothing out and says so by not counting', async () => {
    const served = await serveItem([comment(1), { not: 'a comment' }, comment(2)]);
    server = served.server;
    const source = createHeraldSource({ id: 'h', kind: 'herald', url: served.url, token: '' }, { fetch: globalThis.fetch });
    const detail = await source.fetchItem!('1', AbortSignal.timeout(10_000));
    expect(ids(detail.comments)).toEqual(['c1', 'c2']);
    expect(detail.omittedComments ?? 0).toBe(0);
  });

  it('live comments beyond the limit drop the oldest, and are counted', () => {
    const live = new LiveComments();
    for (let n = 1; n <= 1000; n++) live.add('main/1', comment(n));
    expect(ids(live.list('main/1'))).toEqual(range(801, 1000));
    expect(live.omitted('main/1')).toBe(800);
  });

  it('memory is bounded by what is kept: 50 items × 1 000 live comments keep 50 × 200', () => {
    const live = new LiveComments();
    for (let item = 0; item < 50; item++) {
      for (let n = 1; n <= 1000; n++) live.add(`main/${item}`, comment(n, String(item)));
    }
    let kept = 0;
    for (let item = 0; item < 50; item++) kept += live.list(`main/${item}`).length;
    expect(kept).toBe(50 * COMMENTS_KEPT_PER_ITEM);
  });

  it('the window gets at most 200: the server list merged with newer live comments keeps the newest, counting all left out', async () => {
    const cache = new CommentsCache();
    const server = { comments: range(9801, 10_000).map((id) => comment(Number(id.slice(1)))), omittedComments: 9800 };
    const newer = Array.from({ length: 50 }, (_, i) => comment(10_001 + i));
    const view = await cache.view('main/1', async () => server, () => newer);
    expect(view.comments).toHaveLength(COMMENTS_KEPT_PER_ITEM);
    expect(ids(view.comments)).toEqual(range(9851, 10_050));
    expect(view.omittedComments).toBe(9850);
  });

  it('offline, the last loaded list keeps its count of what was left out', async () => {
    const cache = new CommentsCache();
    const server = { comments: range(9801, 10_000).map((id) => comment(Number(id.slice(1)))), omittedComments: 9800 };
    await cache.view('main/1', async () => server, () => []);
    const offline = await cache.view('main/1', async () => Promise.reject(new TypeError('fetch failed')), () => []);
    expect(offline.stale).toBeDefined();
    expect(offline.comments).toHaveLength(COMMENTS_KEPT_PER_ITEM);
    expect(offline.omittedComments).toBe(9800);
  });

  it('pending comments of the user are never the ones left out', async () => {
    const cache = new CommentsCache();
    const server = { comments: range(9801, 10_000).map((id) => comment(Number(id.slice(1)))), omittedComments: 9800 };
    const mine: InboxComment = { ...comment(1), id: 'pending:k', pending: true, author: '' };
    const view = await cache.view('main/1', async () => server, () => [mine]);
    expect(view.comments).toHaveLength(COMMENTS_KEPT_PER_ITEM);
    expect(view.comments.at(-1)?.id).toBe('pending:k');
    expect(view.omittedComments).toBe(9801);
  });
});
