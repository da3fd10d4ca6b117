/**
 * Several `herald` processes on one data dir, as real processes against a real `herald serve`: an action queued by
 * `herald act` while `herald subscribe` runs is sent by that subscriber exactly once and survives its stop; a second
 * `subscribe` on the same data dir is refused with one line and status 75; a SIGKILLed subscriber does not lock the
 * data dir for good.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemComments, runHerald, serveWithItem, startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';
import { waitFor } from '../helpers/wait';

let dir: string;
const procs: CliProcess[] = [];
const track = (p: CliProcess): CliProcess => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-procs-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

const herald = runHerald;

describe('several herald processes on one data dir', () => {
  it('an action queued by `act` while `subscribe` runs is sent by that subscriber, once, and its stop erases nothing', { timeout: 60_000 }, async () => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    const sub = track(startCli(['subscribe', '--server', url, '--json', '--data-dir', data]));
    await sub.line('connected (', { stream: 'err' });

    const queued = await herald(['act', 'comment', '--item', itemId, '--body', 'while-running', '--server', url, '--data-dir', data]);
    expect(queued.code).toBe(0);
    await waitFor(async () => (await itemComments(url, itemId)).includes('while-running'), { timeoutMs: 10_000, message: 'the running subscriber sent the queued comment' });
    expect(await sub.stop()).toMatchObject({ code: 0 });
    expect(await itemComments(url, itemId)).toEqual(['while-running']);
    expect((await herald(['outbox', '--data-dir', data])).out).toContain('The outbox is empty');
  });

  it('ten actions queued while a subscriber runs and stops at once: all ten reach the server exactly once by the next run', { timeout: 60_000 }, async () => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    const first = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
    await first.line('connected (', { stream: 'err' });
    const bodies = Array.from({ length: 10 }, (_, i) => `c${i}`);
    await Promise.all(bodies.map((b) => herald(['act', 'comment', '--item', itemId, '--body', b, '--server', url, '--data-dir', data])));
    await first.stop();

    const second = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
    await waitFor(async () => (await itemComments(url, itemId)).length >= 10, { timeoutMs: 15_000, message: 'all ten comments applied' });
    // Applied on the server is not yet acknowledged here: stopping while an answer is in flight rightly keeps that
    // entry (sent again next time, applied once). Stop once the outbox, as `herald outbox` reads it beside the running
    // subscriber, is empty.
    await waitFor(async () => (await herald(['outbox', '--data-dir', data])).out.includes('The outbox is empty'), {
      timeoutMs: 20_000,
      message: 'the running subscriber to have every action acknowledged',
    });
    await second.stop();
    expect((await itemComments(url, itemId)).sort()).toEqual(bodies.sort());
    expect((await herald(['outbox', '--data-dir', data])).out).toContain('The outbox is empty');
  });

  it('a second `subscribe` on the same data dir says so in one line (en, zh-CN) and exits with status 75; the first keeps running', { timeout: 60_000 }, async () => {
    const { proc: server, url } = await startServeProcess(['--keepalive', '1']);
    track(server);
    const data = join(dir, 'd');
    const first = track(startCli(['subscribe', '--server', url, '--json', '--data-dir', data]));
    await first.line('connected (', { stream: 'err' });

    const en = await herald(['subscribe', '--server', url, '--data-dir', data]);
    expect(en.code).toBe(75);
    expect(en.err.trim().split('\n')).toHaveLength(1);
    expect(en.err).toContain(`another herald process (pid ${first.child.pid}) is already using the data dir ${data}`);
    const zh = await herald(['subscribe', '--server', url, '--data-dir', data], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(75);
    expect(zh.err).toContain(`另一个 herald 进程（pid ${first.child.pid}）正在使用数据目录 ${data}`);

    const id = await publishTo(url, { title: 'still here', body: '' });
    await first.line(id);
    expect(first.exit).toBeNull();
  });

  it('a SIGKILLed subscriber does not keep the data dir locked: the next one starts and sends what `act` queued meanwhile', { timeout: 60_000 }, async () => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    const first = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
    await first.line('connected (', { stream: 'err' });
    await first.kill('SIGKILL');
    expect((await herald(['act', 'comment', '--item', itemId, '--body', 'after-kill', '--server', url, '--data-dir', data])).code).toBe(0);

    const second = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
    await waitFor(async () => (await itemComments(url, itemId)).includes('after-kill'), { timeoutMs: 10_000, message: 'the next subscriber sent it' });
    await second.stop();
    expect(await itemComments(url, itemId)).toEqual(['after-kill']);
  });

  it('an action for a source this data dir never connected to (localhost vs 127.0.0.1) is said so by `act` and by `herald outbox` per entry (en, zh-CN)', { timeout: 60_000 }, async () => {
    const { proc: server, url, port, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    const sub = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
    await sub.line('connected (', { stream: 'err' });

    const same = await herald(['act', 'like', '--item', itemId, '--server', url, '--data-dir', data]);
    expect(same.code).toBe(0);
    expect(same.err).not.toContain('never connected');
    const other = await herald(['act', 'comment', '--item', itemId, '--body', 'via-localhost', '--server', `http://localhost:${port}`, '--data-dir', data]);
    expect(other.code).toBe(0);
    expect(other.err).toContain('this action waits for a source this data dir has never connected to (herald-localhost_');

    const listed = await herald(['outbox', '--data-dir', data]);
    const line = listed.out.split('\n').find((l) => l.includes('via-localhost'));
    expect(line).toContain('waiting for a source this data dir has never connected to');
    const zh = await herald(['outbox', '--data-dir', data], { LANG: 'zh_CN.UTF-8' });
    expect(zh.out.split('\n').find((l) => l.includes('via-localhost'))).toContain('等待一个此数据目录从未连接过的源');
    const json = await herald(['outbox', '--json', '--data-dir', data]);
    expect(json.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { sourceNeverConnected?: boolean }).filter((e) => e.sourceNeverConnected)).toHaveLength(1);
  });

  it('`herald act --help` says what holds beside a running subscriber, for a source never connected to, and for a damaged outbox.json (each proved above and in damaged-outbox.test.ts)', async () => {
    const help = (await herald(['act', '--help'])).out.replaceAll('\n', ' ');
    expect(help).toContain('the one running now (it picks the action up within a second and sends it while connected)');
    expect(help).toContain('Safe beside a running subscriber: nothing it keeps is overwritten');
    expect(help).toContain('act says so on stderr, and `herald outbox` per entry');
    expect(help).toContain('every action that can be read from it is queued again');
  });
});
