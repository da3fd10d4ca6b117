/**
 * A saved cursor that cannot be used is a reset with a loss notice, as a user meets it: `herald serve` and
 * `herald subscribe` as child processes, state.json edited between two runs.
 * - `"x y z"` (the server answers 400), `42` (not a cursor at all), a damaged state.json (unparseable, or a bad byte
 *   in a key that leaves it valid JSON): the events published while
 *   the subscriber was stopped are printed (reloaded from the server's history), a "may be missing" warning says
 *   the position was lost, and there is no retry loop on the refused cursor.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-bad-cursor-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** Replace the one saved cursor's value (the key is the source id the CLI derived from the URL). */
function setSavedCursor(stateFile: string, value: unknown): void {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
  const keys = Object.keys(state).filter((k) => k.startsWith('cursor:'));
  expect(keys).toHaveLength(1);
  writeFileSync(stateFile, JSON.stringify({ ...state, [keys[0]!]: value }));
}

const damages: Array<[string, (stateFile: string) => void]> = [
  ['a cursor the server refuses ("x y z": HTTP 400)', (f) => setSavedCursor(f, 'x y z')],
  ['a cursor of the wrong type (42)', (f) => setSavedCursor(f, 42)],
  ['a damaged state.json', (f) => writeFileSync(f, '{"cursor:')],
  // One bad byte inside the key: still valid JSON, but the cursor is no longer under the source's key.
  ['a bad byte in the cursor key (still valid JSON)', (f) => writeFileSync(f, readFileSync(f, 'utf8').replace('"cursor:', '"cursoz:'))],
  // The same server (same identity), its data dir restored from an older backup: our id is past its head.
  ['a cursor ahead of the server (its data restored from a backup)', (f) => {
    const state = JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>;
    const key = Object.keys(state).find((k) => k.startsWith('cursor:'))!;
    setSavedCursor(f, state[key]!.replace(/^\d+/, '999999'));
  }],
];

describe.each(['sse', 'longpoll'] as const)('--transport %s', (transport) => {
  it.each(damages)('%s: the events of the stopped period are printed, with a "may be missing" warning', { timeout: 60_000 }, async (_name, damage) => {
    const { url, proc } = await startServeProcess(['--keepalive', '0.5', '--data-dir', join(dir, 'srv')]);
    track(proc);
    const data = join(dir, 'sub');
    const first = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', data]));
    await first.line(/connected \(/, { stream: 'err' });
    expect((await first.stop()).code).toBe(0);

    await publishTo(url, { title: 'while stopped 1', body: '' });
    await publishTo(url, { title: 'while stopped 2', body: '' });
    damage(join(data, 'state.json'));

    const args = ['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', data, '--exit-after', '2'];
    const second = track(startCli(args, { env: { LANG: 'C.UTF-8' } }));
    await second.line('"while stopped 2"', { timeoutMs: 20_000 });
    expect((await second.exited).code).toBe(0);
    expect(jsonEvents(second.out).map((e) => e.data.title)).toEqual(['while stopped 1', 'while stopped 2']);
    // Told once, in words; and a refused cursor is not asked for again and again.
    expect(second.err.filter((l) => /may be missing/.test(l))).toHaveLength(1);
    expect(second.err.filter((l) => /HTTP 400/.test(l)).length).toBeLessThanOrEqual(1);

    // The next run resumes normally: nothing repeated, no warning.
    await publishTo(url, { title: 'after the reset', body: '' });
    const third = track(startCli([...args.slice(0, -1), '1']));
    expect((await third.exited).code).toBe(0);
    expect(jsonEvents(third.out).map((e) => e.data.title)).toEqual(['after the reset']);
    expect(third.err.filter((l) => /may be missing/.test(l))).toEqual([]);
  });
});
