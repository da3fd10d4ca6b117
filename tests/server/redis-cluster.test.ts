/**
 * Three `herald serve --redis` processes behind the real nginx as a load balancer, `herald subscribe` processes on
 * SSE, long-poll and poll through it, as a deployment runs them. A node SIGKILLed mid-stream, Redis restarted with
 * its append-only file, Redis wiped: every subscriber gets every event the servers hold, once, in order; only the
 * wipe is a reset, told once per client; actions sent through different nodes are applied once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, jsonEvents, runHerald, type CliProcess } from '../support/cli-process';
import { freePort } from '../support/local-process';
import { waitFor } from '../helpers/wait';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { startBalancer, type Balancer } from '../support/redis/nginx-balancer';

const N = 300;
const TRANSPORTS = ['sse', 'longpoll', 'poll'] as const;

let dir: string;
let redis: RedisServer | undefined;
let balancer: Balancer | undefined;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-cluster-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await balancer?.stop();
  await redis?.stop();
  balancer = undefined;
  redis = undefined;
  rmSync(dir, { recursive: true, force: true });
});

interface Held {
  serverId: string;
  ids: string[];
  titles: string[];
}

/** Everything the servers hold now, oldest first, by paging /history (the truth the subscribers are held to). */
async function held(url: string): Promise<Held> {
  const out: Held = { serverId: '', ids: [], titles: [] };
  let after = '0';
  for (let page = 0; page < 100; page++) {
    const r = await fetch(`${url}/history?after=${after}&limit=500`);
    const body = (await r.json()) as { events: Array<{ id: string; data: { title?: string } }>; next: string | null; serverId: string };
    out.serverId = body.serverId;
    for (const e of body.events) {
      out.ids.push(e.id);
      out.titles.push(e.data.title ?? '');
    }
    if (body.next === null) return out;
    after = body.next;
  }
  throw new Error('history did not end within 100 pages');
}

/** Publish through the balancer; a request cut by a dying node is sent again (the history is the truth after). */
async function publish(url: string, title: string): Promise<void> {
  await waitFor(
    async () => {
      const r = await fetch(`${url}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, body: '' }) }).catch(() => null);
      if (r) await r.arrayBuffer();
      return r?.status === 201;
    },
    { timeoutMs: 30_000, intervalMs: 50, message: `publish ${title}` },
  );
}

function seen(sub: CliProcess, serverId: string): string[] {
  return jsonEvents(sub.out)
    .filter((e) => e.serverId === serverId)
    .map((e) => e.id);
}

async function allDelivered(subs: CliProcess[], truth: Held, what: string): Promise<void> {
  for (const sub of subs) {
    await waitFor(() => seen(sub, truth.serverId).length >= truth.ids.length, { timeoutMs: 90_000, intervalMs: 100, message: `${what}: ${sub.child.spawnargs.join(' ')}` });
    // Once each, in the servers' order: nothing lost, nothing doubled.
    expect(seen(sub, truth.serverId)).toEqual(truth.ids);
  }
}

describe.skipIf(!redisInstalled)(`three nodes on one Redis behind nginx${REDIS_SKIP_NOTE}`, () => {
  it('a node killed mid-stream, Redis restarted with AOF, Redis wiped: every event once, in order, on every transport; one reset warning; actions once', { timeout: 400_000 }, async () => {
    redis = await startRedis({ appendOnly: true });
    const ports = [await freePort(), await freePort(), await freePort()];
    balancer = await startBalancer(ports);
    const node = (port: number): Promise<CliProcess> =>
      startServeProcess(['--port', String(port), '--redis', redis!.url, '--keepalive', '1']).then((s) => track(s.proc));

    // The SSE subscriber connects while only the first node is up, so the node killed below is surely the one
    // holding its stream; the others then join and take the long-poll and poll requests as they come.
    const first = await node(ports[0]!);
    const subs: CliProcess[] = [];
    const subscribe = async (transport: (typeof TRANSPORTS)[number]): Promise<CliProcess> => {
      // A first run starts now (the log is empty yet): its first request is answered at once, so it says "connected"
      // without waiting out a long-poll. A generous deadline: on two loaded cores a process can take long to start.
      const sub = track(startCli(['subscribe', '--server', balancer!.url, '--transport', transport, '--json', '--data-dir', join(dir, transport)]));
      await sub.line(/connected \(/, { stream: 'err', timeoutMs: 90_000 }).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}; its stderr: ${sub.err.slice(-8).join(' | ')}; nginx: ${balancer!.errorLog().split('\n').slice(-5).join(' | ')}`);
      });
      subs.push(sub);
      return sub;
    };
    await subscribe('sse');
    await node(ports[1]!);
    await node(ports[2]!);
    await subscribe('longpoll');
    await subscribe('poll');

    for (let i = 1; i <= N; i++) {
      await publish(balancer.url, `e${i}`);
      if (i === Math.round(N / 3)) await first.kill('SIGKILL');
    }
    let truth = await held(balancer.url);
    // Every title made it (one cut by the kill may be there twice: then it was accepted twice, and is delivered twice).
    expect(new Set(truth.titles).size).toBe(N);
    await allDelivered(subs, truth, 'after a node was killed');

    for (let i = 1; i <= 40; i++) {
      await publish(balancer.url, `r${i}`);
      if (i === 20) await redis.restart();
    }
    truth = await held(balancer.url);
    expect(truth.ids.length).toBeGreaterThanOrEqual(N + 40);
    await allDelivered(subs, truth, 'after Redis restarted with its AOF');
    for (const sub of subs) expect(sub.err.filter((l) => /may be missing/.test(l))).toEqual([]);

    // Wiped: the servers' one new identity, ids from 1, and each client says once that messages may be missing.
    const oldId = truth.serverId;
    expect(await redis.command('FLUSHALL')).toBe('+OK');
    for (let i = 1; i <= 20; i++) await publish(balancer.url, `w${i}`);
    truth = await held(balancer.url);
    expect(truth.serverId).not.toBe(oldId);
    expect(truth.ids[0]).toBe('1');
    await allDelivered(subs, truth, 'after Redis was wiped');
    for (const sub of subs) {
      await sub.line(/may be missing/, { stream: 'err', timeoutMs: 30_000 });
      expect(sub.err.filter((l) => /may be missing/.test(l))).toHaveLength(1);
    }

    // Actions: each subscriber sends its own through the balancer (so through different nodes), and one request
    // sent to each node under the same key is applied once.
    const item = truth.ids[0]!;
    for (const t of TRANSPORTS) {
      const act = await runHerald(['act', 'comment', '--item', item, '--body', `from ${t}`, '--server', balancer.url, '--data-dir', join(dir, t)]);
      expect(act.code).toBe(0);
    }
    const liveNodes = ports.slice(1).map((p) => `http://127.0.0.1:${p}`);
    const likes = await Promise.all(
      [...liveNodes, ...liveNodes].map((u) =>
        fetch(`${u}/actions`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'one-like' }, body: JSON.stringify({ type: 'like', itemId: item }) }).then((r) => r.status),
      ),
    );
    expect(likes).toEqual([200, 200, 200, 200]);
    const view = await waitFor(
      async () => {
        const v = (await (await fetch(`${balancer!.url}/items/${item}`)).json()) as { likes: number; comments: Array<{ body: string }> };
        return v.comments.length >= 3 ? v : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'the three comments applied' },
    );
    expect(view.likes).toBe(1);
    expect(view.comments.map((c) => c.body).sort()).toEqual(['from longpoll', 'from poll', 'from sse']);
    // Sent once each: a fourth comment would mean an action applied twice.
    truth = await held(balancer.url);
    expect(truth.ids.length).toBe(20 + 3 + 1);
  });
});
