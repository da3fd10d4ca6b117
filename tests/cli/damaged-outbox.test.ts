/**
 * A damaged `outbox.json`, as real processes against a real `herald serve`: the damaged file is kept aside (never
 * deleted), every action that can still be read from it is sent exactly once, `herald outbox` names the kept file on
 * every run until the user removes it, and new actions keep working.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemComments, runHerald, serveWithItem, startCli, type CliProcess } from '../support/cli-process';
import { waitFor } from '../helpers/wait';

let dir: string;
const procs: CliProcess[] = [];
const track = (p: CliProcess): CliProcess => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-damaged-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** outbox.json as Herald writes it (tab-indented v2), with six comments queued for source `src`. */
function storedOutbox(itemId: string): string {
  const entries = Array.from({ length: 6 }, (_, i) => ({
    key: `key-${i}`,
    sourceId: 'src',
    action: { type: 'comment', itemId, body: `c${i}` },
    createdAt: 1_700_000_000_000 + i,
    state: { kind: 'pending', attempts: 0 },
  }));
  return JSON.stringify({ version: 2, entries }, null, '\t');
}

/** `herald outbox`'s stderr line about a kept-aside file, or undefined. */
async function asideReport(data: string, env: Record<string, string> = {}): Promise<string | undefined> {
  const listed = await runHerald(['outbox', '--data-dir', data], env);
  expect(listed.code).toBe(0);
  return listed.err.split('\n').find((l) => l.includes('outbox.json.corrupt-'));
}

async function subscribeUntil(url: string, data: string, itemId: string, count: number): Promise<string[]> {
  const sub = track(startCli(['subscribe', '--server', url, '--id', 'src', '--data-dir', data]));
  await sub.line('connected (', { stream: 'err' });
  await waitFor(async () => (await itemComments(url, itemId)).length >= count, { timeoutMs: 10_000, message: `${count} comments applied` });
  await sub.stop();
  return itemComments(url, itemId);
}

describe('a damaged outbox.json', () => {
  it('half-written: the four whole records are sent once; the file is kept and named by `herald outbox` (en, zh-CN) until removed', { timeout: 60_000 }, async () => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    mkdirSync(data);
    const full = storedOutbox(itemId);
    // Cut in the middle of the fifth record (a crash of a writer that did not write atomically, a full disk).
    writeFileSync(join(data, 'outbox.json'), full.slice(0, full.indexOf('"key-4"') + 20));

    const sent = await subscribeUntil(url, data, itemId, 4);
    expect(sent.sort()).toEqual(['c0', 'c1', 'c2', 'c3']);

    const line = await asideReport(data);
    expect(line).toContain('a damaged outbox file was set aside at');
    const kept = /(\/\S+outbox\.json\.corrupt-\S+?);/.exec(line!)![1]!;
    expect(readFileSync(kept, 'utf8')).toBe(full.slice(0, full.indexOf('"key-4"') + 20));
    expect(await asideReport(data)).toBe(line);
    expect(await asideReport(data, { LANG: 'zh_CN.UTF-8' })).toContain('一个损坏的发件箱文件已被移到');
    rmSync(kept);
    expect(await asideReport(data)).toBeUndefined();
    expect((await itemComments(url, itemId)).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('garbage between records: every whole record is sent once', { timeout: 60_000 }, async () => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    mkdirSync(data);
    const full = storedOutbox(itemId);
    const at = full.indexOf('{', full.indexOf('"key-2"') - 20);
    writeFileSync(join(data, 'outbox.json'), `${full.slice(0, at)}\u0000\u00ff}]]garbage{{ ${full.slice(at)}`);

    const sent = await subscribeUntil(url, data, itemId, 6);
    expect(sent.sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(await asideReport(data)).toContain('a damaged outbox file was set aside at');
  });

  it.each([
    ['empty', (p: string) => writeFileSync(p, '')],
    ['garbage', (p: string) => writeFileSync(p, Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]))],
    ['a directory in its place (unreadable: EISDIR)', (p: string) => mkdirSync(p)],
  ])('%s: kept aside and reported on every `herald outbox`; new actions are queued and sent', { timeout: 60_000 }, async (_name, damage) => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    mkdirSync(data);
    damage(join(data, 'outbox.json'));

    expect((await runHerald(['act', 'comment', '--item', itemId, '--body', 'new', '--server', url, '--id', 'src', '--data-dir', data])).code).toBe(0);
    expect(await subscribeUntil(url, data, itemId, 1)).toEqual(['new']);
    const line = await asideReport(data);
    expect(line).toContain('a damaged outbox file was set aside at');
    expect(await asideReport(data)).toBe(line);
    expect(statSync(join(data, 'outbox.json')).isFile()).toBe(true);
    expect(existsSync(/(\/\S+outbox\.json\.corrupt-\S+?);/.exec(line!)![1]!)).toBe(true);
  });
});

describe('a handed-over action that cannot be read', () => {
  it('(a letter from a newer `herald act`, or damaged on disk) is set aside by `subscribe` and named by `herald outbox` (en, zh-CN) on every run until removed; the readable ones are sent', { timeout: 60_000 }, async () => {
    const { proc: server, url, itemId } = await serveWithItem();
    track(server);
    const data = join(dir, 'd');
    const incoming = join(data, 'outbox.incoming');
    mkdirSync(incoming, { recursive: true });
    const letter = (key: string, action: Record<string, unknown>): string =>
      JSON.stringify({ key, sourceId: 'src', action, createdAt: 1_700_000_000_000, state: { kind: 'pending', attempts: 0 } });
    const unreadable = letter('key-new', { type: 'archive', itemId });
    writeFileSync(join(incoming, '000001700000000-1-1.json'), unreadable);
    writeFileSync(join(incoming, '000001700000001-1-2.json'), letter('key-ok', { type: 'comment', itemId, body: 'ok' }));

    expect(await subscribeUntil(url, data, itemId, 1)).toEqual(['ok']);

    const report = async (env: Record<string, string> = {}): Promise<string | undefined> =>
      (await runHerald(['outbox', '--data-dir', data], env)).err.split('\n').find((l) => l.includes('outbox.incoming'));
    const line = await report();
    expect(line).toContain('could not be read');
    const kept = /(\/\S+\.corrupt-[^\s;,]+)/.exec(line!)![1]!;
    expect(readFileSync(kept, 'utf8')).toBe(unreadable);
    expect(await report()).toBe(line);
    expect(await report({ LANG: 'zh_CN.UTF-8' })).toContain('无法读取');
    rmSync(kept);
    expect(await report()).toBeUndefined();
  });
});
