/**
 * Two processes claiming one data dir's lock at full speed, as two `herald subscribe` (or the app and a subscriber)
 * starting at the same instant: never both owners at once. Each child takes the lock, and while it holds it creates
 * an "I own it" marker exclusively; a marker that already exists is a second owner (a claimant that found the lock
 * file still empty — created but not yet written — took it for a dead holder's and claimed it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-lock-race-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LOCK_MODULE = resolve(import.meta.dirname, '../../../src/core/stores/data-dir-lock.ts');

/** One claimant: `rounds` tries; prints how often it held the lock and how often it found another owner inside. */
function claimant(rounds: number): Promise<{ held: number; both: number }> {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    const { closeSync, openSync, unlinkSync } = await import('node:fs');
    const marker = ${JSON.stringify(join(dir, 'owner'))};
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let held = 0, both = 0;
    for (let i = 0; i < ${rounds}; i++) {
      const lock = lockDataDir(${JSON.stringify(dir)});
      if (!lock.ok) continue;
      held++;
      let mine = false;
      try { closeSync(openSync(marker, 'wx')); mine = true; } catch (e) { if (e.code === 'EEXIST') both++; }
      Atomics.wait(pause, 0, 0, 1); // hold it a moment, as an owner does
      if (mine) unlinkSync(marker);
      lock.release();
    }
    process.stdout.write(JSON.stringify({ held, both }));
  `;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', fail);
    child.on('exit', () => done(JSON.parse(out) as { held: number; both: number }));
  });
}

it('two processes claiming the lock 1500 times each: each holds it sometimes, never both at once', { timeout: 120_000 }, async () => {
  const [a, b] = await Promise.all([claimant(1500), claimant(1500)]);
  expect(a.held).toBeGreaterThan(0);
  expect(b.held).toBeGreaterThan(0);
  expect(a.both + b.both).toBe(0);
});
