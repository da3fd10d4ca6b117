/**
 * `herald subscribe --source ntfy --since …` and `--filter key=value` against the real ntfy 2.11: a first run prints
 * the older messages once (in the server's order) and then what arrives live; a filter lets through only matching
 * messages, on the stream and on the replay after the link was cut.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startCli, jsonEvents, runHerald, type CliProcess } from '../support/cli-process';
import { waitFor } from '../helpers/wait';

let dir: string;
let server: NtfyServer | undefined;
let proxy: TcpProxy | undefined;
const procs: CliProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-ntfy-since-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await proxy?.close();
  await server?.stop();
  proxy = undefined;
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function bodies(sub: CliProcess): string[] {
  return jsonEvents(sub.out).map((e) => String(e.data.body));
}

function subscribe(url: string, topic: string, extra: string[], dataDir = join(dir, 'sub')): CliProcess {
  const sub = startCli(['subscribe', '--server', url, '--source', 'ntfy', '--channel', topic, '--json', '--data-dir', dataDir, ...extra]);
  procs.push(sub);
  return sub;
}

describe('herald subscribe --source ntfy --since', () => {
  for (const [since, transport] of [
    ['all', 'sse'],
    ['1h', 'sse'],
    ['all', 'poll'],
  ] as const) {
    it(`--since ${since} over ${transport}: a first run prints the cached messages once, then the live ones`, { timeout: 30_000 }, async () => {
      server = await startNtfy();
      const topic = `since-${process.pid}`;
      for (const n of [1, 2, 3]) await server.publish(topic, `old ${n}`);
      const sub = subscribe(server.url, topic, ['--since', since, '--transport', transport]);
      await waitFor(() => bodies(sub).length >= 3 || undefined, { timeoutMs: 15_000, message: 'the cached messages printed' });
      await server.publish(topic, 'new 4');
      await waitFor(() => bodies(sub).includes('new 4') || undefined, { timeoutMs: 15_000, message: 'the live message printed' });
      await server.publish(topic, 'new 5');
      await waitFor(() => bodies(sub).includes('new 5') || undefined, { timeoutMs: 15_000, message: 'the next live message printed' });
      expect(bodies(sub)).toEqual(['old 1', 'old 2', 'old 3', 'new 4', 'new 5']);
    });
  }

  it('without --since, a first run starts from now (the cached messages are not printed)', { timeout: 30_000 }, async () => {
    server = await startNtfy();
    const topic = `now-${process.pid}`;
    await server.publish(topic, 'old 1');
    const sub = subscribe(server.url, topic, []);
    await sub.line(/connected \(sse\)/, { stream: 'err' });
    await server.publish(topic, 'new 2');
    await waitFor(() => bodies(sub).includes('new 2') || undefined, { timeoutMs: 15_000, message: 'the live message printed' });
    expect(bodies(sub)).toEqual(['new 2']);
  });

  it('--since <id> starts after that message', { timeout: 30_000 }, async () => {
    server = await startNtfy();
    const topic = `id-${process.pid}`;
    const first = await server.publish(topic, 'old 1');
    await server.publish(topic, 'old 2');
    const sub = subscribe(server.url, topic, ['--since', first.id]);
    await waitFor(() => bodies(sub).includes('old 2') || undefined, { timeoutMs: 15_000, message: 'the message after the id printed' });
    await server.publish(topic, 'new 3');
    await waitFor(() => bodies(sub).includes('new 3') || undefined, { timeoutMs: 15_000, message: 'the live message printed' });
    expect(bodies(sub)).toEqual(['old 2', 'new 3']);
  });

  it('--since replaces the position saved in the data dir for that run; without it, the next run resumes', { timeout: 40_000 }, async () => {
    server = await startNtfy();
    const topic = `again-${process.pid}`;
    await server.publish(topic, 'old 1');
    const first = subscribe(server.url, topic, ['--since', 'all', '--exit-after', '1']);
    await first.exited;
    expect(bodies(first)).toEqual(['old 1']);
    await server.publish(topic, 'old 2');
    const resumed = subscribe(server.url, topic, ['--exit-after', '1']);
    await resumed.exited;
    expect(bodies(resumed)).toEqual(['old 2']);
    const again = subscribe(server.url, topic, ['--since', 'all', '--exit-after', '2']);
    await again.exited;
    expect(bodies(again)).toEqual(['old 1', 'old 2']);
  });

  it('refuses a --since it cannot read, saying how to write one', async () => {
    const r = await runHerald(['subscribe', '--server', 'http://127.0.0.1:9', '--source', 'ntfy', '--channel', 't', '--since', '1h30m']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--since must be all, a duration .* or an id/);
    const nchan = await runHerald(['subscribe', '--server', 'http://127.0.0.1:9', '--source', 'nchan', '--channel', 'c', '--since', 'all']);
    expect(nchan.code).toBe(2);
    expect(nchan.err).toMatch(/can only start from now/);
  });
});

describe('herald subscribe --source ntfy --filter', () => {
  it('prints only matching messages, live and replayed after the link was cut', { timeout: 40_000 }, async () => {
    server = await startNtfy();
    proxy = await startTcpProxy(server.port);
    const topic = `filter-${process.pid}`;
    await server.publish(topic, 'old low', { Priority: '2' });
    await server.publish(topic, 'old urgent', { Priority: '5', Tags: 'fire' });
    const sub = subscribe(proxy.url, topic, ['--since', 'all', '--filter', 'priority=4,5', '--filter', 'tags=fire']);
    await waitFor(() => bodies(sub).includes('old urgent') || undefined, { timeoutMs: 15_000, message: 'the matching cached message printed' });
    await server.publish(topic, 'live low', { Priority: '1', Tags: 'fire' });
    await server.publish(topic, 'live high', { Priority: '4', Tags: 'fire,smoke' });
    await waitFor(() => bodies(sub).includes('live high') || undefined, { timeoutMs: 15_000, message: 'the matching live message printed' });

    // Cut the link, publish while it is down, and see what the replay brings.
    const connectedBefore = sub.err.filter((l) => /connected \(sse\)/.test(l)).length;
    proxy.refuse(true);
    proxy.cutAll();
    await server.publish(topic, 'away low', { Priority: '3', Tags: 'fire' });
    await server.publish(topic, 'away max', { Priority: 'max', Tags: 'fire' });
    await server.publish(topic, 'away untagged', { Priority: '5' });
    proxy.refuse(false);
    await waitFor(() => bodies(sub).includes('away max') || undefined, { timeoutMs: 20_000, message: 'the matching message sent while away printed' });
    await server.publish(topic, 'after urgent', { Priority: '5', Tags: 'fire' });
    await waitFor(() => bodies(sub).includes('after urgent') || undefined, { timeoutMs: 15_000, message: 'the next matching message printed' });
    expect(sub.err.filter((l) => /connected \(sse\)/.test(l)).length).toBeGreaterThan(connectedBefore);
    expect(bodies(sub)).toEqual(['old urgent', 'live high', 'away max', 'after urgent']);
    expect(sub.err.filter((l) => /may be missing/.test(l))).toEqual([]);
  });

  it('a filter added between runs resumes without a false "may be missing" (our last message no longer matches)', { timeout: 40_000 }, async () => {
    server = await startNtfy();
    const topic = `refilter-${process.pid}`;
    const first = subscribe(server.url, topic, []);
    await first.line(/connected \(sse\)/, { stream: 'err' });
    await server.publish(topic, 'plain', { Priority: '3' });
    await first.line(/plain/);
    await first.stop();
    await server.publish(topic, 'away plain', { Priority: '3' });
    await server.publish(topic, 'away urgent', { Priority: '5' });
    const second = subscribe(server.url, topic, ['--filter', 'priority=5']);
    await waitFor(() => bodies(second).includes('away urgent') || undefined, { timeoutMs: 15_000, message: 'the matching message sent while away printed' });
    await server.publish(topic, 'after urgent', { Priority: '5' });
    await waitFor(() => bodies(second).includes('after urgent') || undefined, { timeoutMs: 15_000, message: 'the next matching message printed' });
    expect(bodies(second)).toEqual(['away urgent', 'after urgent']);
    expect(second.err.filter((l) => /may be missing/.test(l))).toEqual([]);
  });

  for (const transport of ['poll', 'sse'] as const) {
    it(`scheduled=1 shows a message scheduled for later at once, and the next ones still arrive (${transport})`, { timeout: 40_000 }, async () => {
      server = await startNtfy();
      proxy = await startTcpProxy(server.port);
      const topic = `scheduled-${transport}-${process.pid}`;
      await server.publish(topic, 'in an hour', { Delay: '1h' });
      const sub = subscribe(proxy.url, topic, ['--since', 'all', '--filter', 'scheduled=1', '--transport', transport]);
      await waitFor(() => bodies(sub).includes('in an hour') || undefined, { timeoutMs: 15_000, message: 'the scheduled message printed' });
      await server.publish(topic, 'now 1');
      await waitFor(() => bodies(sub).includes('now 1') || undefined, { timeoutMs: 15_000, message: 'a message published after it printed' });
      // A resume must not start an hour ahead either.
      proxy.refuse(true);
      proxy.cutAll();
      await server.publish(topic, 'now 2');
      proxy.refuse(false);
      await waitFor(() => bodies(sub).includes('now 2') || undefined, { timeoutMs: 20_000, message: 'a message published while cut printed' });
      expect(bodies(sub)).toEqual(['in an hour', 'now 1', 'now 2']);
    });
  }

  it('refuses an unknown filter or a value ntfy would refuse', async () => {
    const base = ['subscribe', '--server', 'http://127.0.0.1:9', '--source', 'ntfy', '--channel', 't'];
    const unknown = await runHerald([...base, '--filter', 'colour=red']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--filter colour: not an ntfy filter \(priority, tags, title, message, id, scheduled\)/);
    const bad = await runHerald([...base, '--filter', 'priority=9']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--filter priority: /);
    const herald = await runHerald(['subscribe', '--server', 'http://127.0.0.1:9', '--filter', 'priority=5']);
    expect(herald.code).toBe(2);
    expect(herald.err).toMatch(/--filter is for ntfy sources/);
  });
});
