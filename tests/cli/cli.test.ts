import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';
import { runCli } from './run-cli';

const exec = promisify(execFile);

let server: RunningServer;
let dir: string;

beforeEach(async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, testHooks: true });
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('herald command line', () => {
  it('answers --help as a real process after install (npx herald --help)', async () => {
    const { stdout } = await exec('npx', ['herald', '--help'], { cwd: process.cwd() });
    expect(stdout).toContain('Usage: herald <command>');
    for (const c of ['serve', 'publish', 'subscribe', 'act', 'outbox']) expect(stdout).toContain(c);
  });

  it('--version tells package.json\'s version, through tsx as a real process', async () => {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await exec('npx', ['herald', '--version'], { cwd: process.cwd() });
    expect(stdout.trim()).toBe(`herald ${version}`);
  });

  it('rejects an unknown command and a bad flag with exit code 2 and a hint', async () => {
    const a = runCli(['frobnicate']);
    expect(await a.done).toBe(2);
    expect(a.err.join('\n')).toContain('unknown command');
    const b = runCli(['publish', '--server', server.url, '--priority', '9']);
    expect(await b.done).toBe(2);
    expect(b.err.join('\n')).toContain('--priority must be a whole number from 1 to 5');
  });

  it('serve prints its URL, serves the protocol, and stops on Ctrl-C', async () => {
    const r = runCli(['serve', '--port', '0', '--keepalive', '1']);
    const line = await waitFor(() => r.out.find((l) => l.startsWith('Herald server listening on ')), { message: 'serve printed its URL' });
    const url = line.replace('Herald server listening on ', '').split(' ')[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const beat = (await (await fetch(`${url}/heartbeat`)).json()) as { cursor: string };
    expect(beat.cursor).toBe('0');
    r.stop();
    expect(await r.done).toBe(0);
    await expect(fetch(`${url}/heartbeat`)).rejects.toThrow();
  });

  it('publish prints the new event id', async () => {
    const r = runCli(['publish', '--server', server.url, '--title', '构建通过', '--body', 'Build #231 passed', '--priority', '4']);
    expect(await r.done).toBe(0);
    expect(r.out).toEqual([server.head()]);
  });

  it('publish reports a server refusal in plain words', async () => {
    const r = runCli(['publish', '--server', server.url, '--type', 'like_update']);
    expect(await r.done).toBe(1);
    expect(r.err.join('\n')).toMatch(/422|400/);
  });

  it('subscribe prints JSON lines and resumes from the data dir across runs, nothing lost or repeated', async () => {
    const first = runCli(['subscribe', '--server', server.url, '--json', '--data-dir', dir, '--transport', 'sse']);
    await waitFor(() => first.err.some((l) => l.includes('connected')), { message: 'first subscriber connected' });
    server.publish({ title: 'one', body: '1' });
    server.publish({ type: 'system', title: 'two', body: '2', level: 'info' });
    await waitFor(() => first.out.length === 2, { message: 'two events printed' });
    first.stop();
    expect(await first.done).toBe(0);
    const firstEvents = first.out.map((l) => JSON.parse(l) as { id: string; type: string; data: { title: string } });
    expect(firstEvents.map((e) => [e.type, e.data.title])).toEqual([['notification', 'one'], ['system', 'two']]);

    // While nobody listens, more happens.
    server.publish({ title: 'three', body: '3' });
    server.publish({ title: 'four', body: '4' });

    const second = runCli(['subscribe', '--server', server.url, '--json', '--data-dir', dir, '--transport', 'longpoll', '--exit-after', '2']);
    expect(await second.done).toBe(0);
    expect(second.out.map((l) => (JSON.parse(l) as { data: { title: string } }).data.title)).toEqual(['three', 'four']);
  });

  it('subscribes to several sources at once from --sources, each with its own cursor', async () => {
    const other = await startServer({ port: 0, keepaliveSeconds: 0.5 });
    try {
      const file = join(dir, 'sources.json');
      writeFileSync(file, JSON.stringify([
        { id: 'work', kind: 'herald', url: server.url },
        { id: 'home', kind: 'herald', url: other.url },
      ]));
      const r = runCli(['subscribe', '--sources', file, '--json', '--data-dir', dir]);
      await waitFor(() => r.err.some((l) => l.includes('work: connected') && l.includes('home: connected')), { message: 'both connected' });
      server.publish({ title: 'from work', body: '' });
      other.publish({ title: 'from home', body: '' });
      await waitFor(() => r.out.length === 2, { message: 'both events printed' });
      r.stop();
      await r.done;
      const got = r.out.map((l) => JSON.parse(l) as { source: string; data: { title: string } }).map((e) => `${e.source}:${e.data.title}`);
      expect(got.sort()).toEqual(['home:from home', 'work:from work']);
    } finally {
      await other.close();
    }
  });

  it('act queues an action on disk, outbox lists it, and subscribe sends it exactly once', async () => {
    const itemId = server.publish({ title: 'like me', body: '!' }).id;
    const common = ['--server', server.url, '--data-dir', dir];
    const queued = runCli(['act', 'like', '--item', itemId, ...common]);
    expect(await queued.done).toBe(0);
    const comment = runCli(['act', 'comment', '--item', itemId, '--body', '离线时写的评论', ...common]);
    expect(await comment.done).toBe(0);

    const listed = runCli(['outbox', '--data-dir', dir]);
    expect(await listed.done).toBe(0);
    expect(listed.out[0]).toBe('2 waiting, 0 failed');
    expect(listed.out.join('\n')).toContain('离线时写的评论');
    expect(server.actionLog().applied).toHaveLength(0);

    const sub = runCli(['subscribe', ...common]);
    await waitFor(() => server.actionLog().applied.length === 2, { message: 'both actions applied' });
    await waitFor(() => sub.err.some((l) => l.includes('2/2 sent')), { message: 'progress reported' });
    sub.stop();
    await sub.done;
    const log = server.actionLog();
    expect(log.applied.map((a) => a.action.type)).toEqual(['like', 'comment']);
    expect(Object.values(log.received).every((n) => n === 1)).toBe(true);

    const after = runCli(['outbox', '--data-dir', dir]);
    await after.done;
    expect(after.out).toEqual(['The outbox is empty: nothing waiting, nothing failed.']);
  });

  it('act refuses an incomplete action without touching the outbox', async () => {
    const r = runCli(['act', 'comment', '--item', '1', '--server', server.url, '--data-dir', dir]);
    expect(await r.done).toBe(2);
    expect(r.err.join('\n')).toContain('non-empty body');
    const listed = runCli(['outbox', '--data-dir', dir]);
    await listed.done;
    expect(listed.out[0]).toContain('empty');
  });
});
