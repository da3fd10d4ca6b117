/**
 * `herald publish --source ntfy|nchan`: one tool for both sides. Every field is published through the real command
 * to the real server (ntfy 2.11, nginx + Nchan), then received by a real `herald subscribe --json` child, and checked
 * to have arrived as the user wrote it. Refused credentials end with one line in words and status 3.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { startNchan, type NchanServer } from '../support/nchan/nchan-server';
import { jsonEvents, runHerald, startCli, type CliProcess } from '../support/cli-process';

let ntfy: NtfyServer;
let nchan: NchanServer;
let dir: string;
const procs: CliProcess[] = [];
/** The state lines the tests wait for are the English ones, whatever the machine's locale. */
const ENGLISH = { LC_ALL: 'C' };

beforeAll(async () => {
  [ntfy, nchan] = await Promise.all([
    startNtfy({ users: [{ name: 'writer', password: 'writer-pass', access: { 'pub-*': 'read-write' } }] }),
    startNchan({ pingIntervalSeconds: 1 }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'herald-publish-'));
}, 30_000);
afterAll(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await Promise.all([ntfy?.stop(), nchan?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const EVERY_FIELD = [
  '--title', 'Build #231 passed',
  '--body', '**All** green, 构建通过',
  '--priority', '4',
  '--tag', 'white_check_mark',
  '--tag', 'ci',
  '--url', 'https://ci.example.com/builds/231',
  '--action', 'view, Open build, https://ci.example.com/builds/231',
  '--action', 'http, "Re-run, now", https://ci.example.com/api/rerun, method=PUT, headers.X-Token=abc, body=\'{"build": 231}\', clear=true',
  '--action', 'broadcast, Take picture, extras.cmd=pic',
  '--markdown',
  '--attach', 'https://ci.example.com/builds/231/log.txt',
  '--filename', 'log.txt',
  '--icon', 'https://ci.example.com/icon.png',
];

/** What a subscriber shows for the published message: every field as written. */
function expectEveryField(data: Record<string, unknown>): void {
  expect(data).toMatchObject({
    title: 'Build #231 passed',
    body: '**All** green, 构建通过',
    priority: 4,
    tags: ['white_check_mark', 'ci'],
    url: 'https://ci.example.com/builds/231',
    markdown: true,
    icon: 'https://ci.example.com/icon.png',
    attachment: { name: 'log.txt', url: 'https://ci.example.com/builds/231/log.txt' },
  });
  expect(data.actions).toEqual([
    expect.objectContaining({ kind: 'view', label: 'Open build', url: 'https://ci.example.com/builds/231' }),
    expect.objectContaining({ kind: 'http', label: 'Re-run, now', url: 'https://ci.example.com/api/rerun', method: 'PUT', headers: { 'X-Token': 'abc' }, body: '{"build": 231}', clear: true }),
    expect.objectContaining({ kind: 'broadcast', label: 'Take picture', extras: { cmd: 'pic' } }),
  ]);
}

async function subscribed(args: string[]): Promise<CliProcess> {
  const sub = startCli(['subscribe', ...args, '--json', '--transport', 'sse', '--data-dir', mkdtempSync(join(dir, 'sub-'))], { env: ENGLISH });
  procs.push(sub);
  await sub.line(/connected \(sse\)/, { stream: 'err' });
  return sub;
}

describe('herald publish --source ntfy', () => {
  it('publishes every field; herald subscribe receives each as written, with the printed id', async () => {
    const topic = `pub-${process.pid}`;
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 'writer-pass\n');
    const auth = ['--user', 'writer', '--password-file', passwordFile];
    const sub = await subscribed(['--source', 'ntfy', '--server', ntfy.url, '--channel', topic, ...auth]);
    const r = await runHerald(['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', topic, ...auth, ...EVERY_FIELD]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const id = r.out.trim();
    expect(id).toMatch(/^[A-Za-z0-9]{6,64}$/);
    await sub.line(id);
    const [event] = jsonEvents(sub.out);
    expect(event).toMatchObject({ id: `${topic}:${id}`, type: 'notification', source: expect.any(String) });
    expectEveryField(event!.data);
  }, 60_000);

  it('--delay: ntfy keeps the message for later (scheduled, not delivered now)', async () => {
    const topic = `pub-later-${process.pid}`;
    const auth = { HERALD_PASSWORD: 'writer-pass' };
    const r = await runHerald(['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', topic, '--user', 'writer', '--title', 'later', '--delay', '1h'], auth);
    expect(r.code).toBe(0);
    const id = r.out.trim();
    const basic = `Basic ${Buffer.from('writer:writer-pass').toString('base64')}`;
    const ask = async (scheduled: boolean): Promise<Array<{ id: string; time: number }>> => {
      const res = await fetch(`${ntfy.url}/${topic}/json?poll=1${scheduled ? '&scheduled=1' : ''}`, { headers: { Authorization: basic } });
      return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; time: number });
    };
    expect(await ask(false)).toEqual([]);
    const [later] = await ask(true);
    expect(later?.id).toBe(id);
    expect(later!.time * 1000).toBeGreaterThan(Date.now() + 30 * 60 * 1000);
  }, 30_000);

  it('refused credentials: one line in words, status 3; in Chinese under a zh LANG', async () => {
    const args = ['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', `pub-${process.pid}`, '--title', 'x'];
    const wrong = await runHerald([...args, '--token', 'tk_notatokenatallnotatokenatall']);
    expect(wrong.code).toBe(3);
    expect(wrong.out).toBe('');
    expect(wrong.err.trim().split('\n')).toHaveLength(1);
    expect(wrong.err).toContain('the server refused the credentials: check --token, or --user and its password (HTTP 401');
    const zh = await runHerald([...args, '--token', 'tk_notatokenatallnotatokenatall'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(3);
    expect(zh.err).toContain('服务器拒绝了凭据');
    // A user without write access to the topic: 403, the same status.
    const denied = await runHerald(['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', 'not-theirs', '--title', 'x', '--user', 'writer'], { HERALD_PASSWORD: 'writer-pass' });
    expect(denied.code).toBe(3);
    expect(denied.err).toContain('(HTTP 403');
  }, 30_000);

  it('a bad --action, or a flag the server kind lacks, is a usage mistake in words (en, zh-CN); an unreachable server is status 1', async () => {
    const r = await runHerald(['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', 'pub-x', '--action', 'view, Open']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--action 1: view and http actions need a URL');
    const zh = await runHerald(['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', 'pub-x', '--action', 'view, Open, https://x.example/', '--action', 'jump, Go'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('--action 2：必须以 view、http 或 broadcast 开头');
    const herald = await runHerald(['publish', '--server', ntfy.url, '--title', 'x', '--markdown']);
    expect(herald.code).toBe(2);
    expect(herald.err).toContain('--markdown: only with --source ntfy or nchan');
    // At a user's default log level (tests run silent otherwise).
    const unreachable = await runHerald(['publish', '--source', 'ntfy', '--server', 'http://127.0.0.1:1', '--channel', 'pub-x', '--title', 'x'], { HERALD_LOG: 'warn' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('cannot reach the server (127.0.0.1:1');
    // Said once, in words: no log lines about the same failure before it on stderr.
    expect(unreachable.err.split('\n').filter((l) => l.trim() !== '')).toHaveLength(1);
  }, 30_000);
});

describe('herald publish --source nchan', () => {
  it('publishes every field to the publisher location; herald subscribe receives each as written', async () => {
    const channel = `pub-${process.pid}`;
    const sub = await subscribed(['--source', 'nchan', '--server', nchan.subscribeUrl, '--channel', channel]);
    const r = await runHerald(['publish', '--source', 'nchan', '--server', `${nchan.url}/pub/{channel}`, '--channel', channel, ...EVERY_FIELD]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const id = r.out.trim();
    expect(id).toMatch(/^\d+:\d+$/);
    await sub.line(`${channel}:${id}`);
    const [event] = jsonEvents(sub.out);
    expect(event).toMatchObject({ type: 'notification' });
    expectEveryField(event!.data);

    // A system message, to the publisher prefix (the channel added as the last segment).
    const sys = await runHerald(['publish', '--source', 'nchan', '--server', `${nchan.url}/pub`, '--channel', channel, '--type', 'system', '--level', 'warning', '--title', 'Disk', '--body', 'almost full']);
    expect(sys.code).toBe(0);
    await sub.line(`${channel}:${sys.out.trim()}`);
    expect(jsonEvents(sub.out)[1]).toMatchObject({ type: 'system', data: { title: 'Disk', body: 'almost full', level: 'warning', priority: 3 } });
  }, 60_000);

  it('a publisher location that does not exist: one line in words, status 1', async () => {
    const r = await runHerald(['publish', '--source', 'nchan', '--server', `${nchan.url}/nowhere/{channel}`, '--channel', 'c', '--title', 'x']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('herald publish: the server has no such place to publish to: check --server and --channel (HTTP 404)');
  }, 30_000);
});
