/**
 * The outbox's journal (src/core/outbox/outbox-writer.ts): an enqueue appends one record instead of rewriting the
 * queue, the store file stays the layout electron-store reads, and a damaged journal never loses a readable action.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Outbox } from '../../../src/core/outbox/outbox';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import type { OutboxEntry } from '../../../src/shared/outbox';
import { FakeSend } from './fake-send';
import { storedEntries } from './stored-entries';

const CHILD = resolve(import.meta.dirname, 'fixtures/enqueue-child.ts');
const ROOT = resolve(import.meta.dirname, '../../..');

let dir: string;
const outboxes: Outbox[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-outbox-journal-'));
});
afterEach(() => {
  for (const o of outboxes.splice(0)) o.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const storePath = () => join(dir, 'outbox.json');
const journalPath = () => join(dir, 'outbox.entries.journal');

function open(store = new JsonFileStore(storePath())): Outbox {
  const outbox = new Outbox({ store, send: new FakeSend().send, random: () => 0 });
  outboxes.push(outbox);
  return outbox;
}

function queue(outbox: Outbox, n: number): OutboxEntry[] {
  return Array.from({ length: n }, (_, i) => outbox.enqueue('s', { type: 'like', itemId: String(i % 7) }));
}

describe('Outbox journal', () => {
  it('queues 2 000 actions offline rewriting the whole queue only a few times, each action on disk when enqueue returns', () => {
    const store = new JsonFileStore(storePath());
    let wholeWrites = 0;
    const set = store.set.bind(store);
    store.set = (key, value) => {
      if (key === 'entries') wholeWrites++;
      set(key, value);
    };
    const outbox = open(store);
    const queued: OutboxEntry[] = [];
    for (let i = 0; i < 2000; i++) {
      queued.push(outbox.enqueue('s', { type: 'like', itemId: String(i % 50) }));
      if (i % 499 === 0) expect(storedEntries(storePath()).map((e) => e.key)).toEqual(queued.map((e) => e.key));
    }
    // Compaction doubles its interval with the queue: a handful of whole writes, not 2 000.
    expect(wholeWrites).toBeLessThan(12);
    expect(storedEntries(storePath()).map((e) => e.key)).toEqual(queued.map((e) => e.key));
  });

  it('leaves a plain store file when closed (what electron-store and older readers see), with nothing left in the journal', () => {
    const outbox = open();
    const queued = queue(outbox, 5);
    outbox.dispose();
    const file = JSON.parse(readFileSync(storePath(), 'utf8')) as { version: number; entries: OutboxEntry[] };
    expect(file.version).toBe(2);
    expect(file.entries.map((e) => e.key)).toEqual(queued.map((e) => e.key));
    expect(existsSync(journalPath()) ? readFileSync(journalPath(), 'utf8') : '').toBe('');
  });

  it('keeps a torn journal tail aside and reports it, with every whole record queued', () => {
    const first = open();
    const queued = queue(first, 3);
    // A kill mid-append: the last record is cut short (its enqueue never returned).
    appendFileSync(journalPath(), '{"op":"put","entry":{"key":"torn-');
    const crashed = readFileSync(journalPath(), 'utf8');
    outboxes.splice(0);

    const again = open();
    expect(again.entries().map((e) => e.key)).toEqual(queued.map((e) => e.key));
    expect(again.notices()).toEqual([expect.objectContaining({ code: 'store_corrupt', path: expect.stringContaining('outbox.entries.journal.corrupt-') })]);
    const aside = readdirSync(dir).filter((n) => n.startsWith('outbox.entries.journal.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(crashed);
    again.dispose();
    // Told again on every start while the kept file exists (issue 26, point 2); once the user removed it, clean.
    expect(open().notices()).toEqual([expect.objectContaining({ code: 'store_corrupt', path: join(dir, aside[0]!) })]);
    rmSync(join(dir, aside[0]!));
    expect(open().notices()).toEqual([]);
  });

  it('reads the records after a damaged line, keeps the damaged bytes aside, and sets aside records it cannot understand', () => {
    const entry = (key: string): OutboxEntry => ({ key, sourceId: 's', action: { type: 'like', itemId: '1' }, createdAt: 1, state: { kind: 'pending', attempts: 0 } });
    writeFileSync(storePath(), JSON.stringify({ version: 2, entries: [entry('a')] }));
    writeFileSync(
      journalPath(),
      [
        JSON.stringify({ op: 'put', entry: entry('b') }),
        '\u0000\u0000garbage',
        JSON.stringify({ op: 'put', entry: { key: 'c', sourceId: 's', action: { type: 'fly' } } }),
        JSON.stringify({ op: 'del', key: 'a' }),
        JSON.stringify({ op: 'put', entry: entry('d') }),
        '',
      ].join('\n'),
    );
    const outbox = open();
    expect(outbox.entries().map((e) => e.key)).toEqual(['b', 'd']);
    expect(outbox.notices().map((n) => n.code)).toEqual(['store_corrupt', 'store_corrupt']);
    expect(readdirSync(dir).filter((n) => n.startsWith('outbox.entries.journal.corrupt-'))).toHaveLength(1);
    const file = JSON.parse(readFileSync(storePath(), 'utf8')) as { entries: OutboxEntry[]; quarantined: Array<{ value: unknown }> };
    expect(file.entries.map((e) => e.key)).toEqual(['b', 'd']);
    expect(file.quarantined.map((q) => q.value)).toEqual([{ op: 'put', entry: { key: 'c', sourceId: 's', action: { type: 'fly' } } }]);
  });

  it('survives SIGKILL at any point of a long offline burst: every action reported queued is there after a restart, in order', { timeout: 90_000 }, async () => {
    const seed = Date.now() % 1_000_000;
    let s = seed || 1;
    const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    const reported: string[] = [];
    for (let run = 0; run < 3; run++) {
      const killAt = 1 + Math.floor(random() * 1200);
      const keys = await new Promise<string[]>((resolvePromise, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, storePath(), '1500'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HERALD_LOG: 'silent' } });
        const got: string[] = [];
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const [word, n, key] = line.split(' ');
          if (word !== 'queued' || !key) return;
          got.push(key);
          if (Number(n) >= killAt) child.kill('SIGKILL');
        });
        const deadline = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`enqueue child did not finish in time; stderr: ${stderr}`));
        }, 60_000);
        // 'close', not 'exit': every line the child wrote before the kill is read by then.
        child.on('close', (code, signal) => {
          clearTimeout(deadline);
          if (signal === 'SIGKILL' || code === 0) resolvePromise(got);
          else reject(new Error(`enqueue child exited with ${code ?? signal}; stderr: ${stderr}`));
        });
      });
      reported.push(...keys);
      const context = `seed ${seed}, run ${run}, killed after ${killAt}`;
      const onDisk = storedEntries(storePath()).map((e) => e.key);
      // Everything reported is there, in order. More may be: stdout to a pipe is asynchronous on POSIX, so the last
      // reports before the kill can be lost with the process while their actions are already on disk.
      expect(onDisk.slice(0, reported.length), context).toEqual(reported);
      expect(onDisk.length, context).toBeLessThanOrEqual(reported.length + 1500);
      reported.splice(0, reported.length, ...onDisk);
    }
    const last = open();
    expect(last.entries().map((e) => e.key)).toEqual(reported);
  });
});
