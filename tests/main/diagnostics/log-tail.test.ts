/** The last log lines for the report, from a real file: only its end is read, and a cut first line is dropped. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogTail } from '../../../src/main/diagnostics/log-tail';

const dir = mkdtempSync(join(tmpdir(), 'herald-log-tail-'));

describe('log tail', () => {
  it('a big log gives its last whole lines, never a half line from where the read started', async () => {
    const path = join(dir, 'big.log');
    const lines = Array.from({ length: 100_000 }, (_, i) => `[info] line ${i} ${'x'.repeat(i % 37)}`);
    writeFileSync(path, lines.join('\n') + '\n');
    const tail = await readLogTail(path, 4096, 1000);
    expect(tail.length).toBeGreaterThan(10);
    expect(tail.join('\n').length).toBeLessThanOrEqual(4096);
    // Whole lines, in order, ending with the newest.
    expect(tail).toEqual(lines.slice(lines.length - tail.length));
  });

  it('keeps at most the asked number of lines; a small file is read whole', async () => {
    const path = join(dir, 'small.log');
    writeFileSync(path, 'a\nb\nc\nd\n');
    expect(await readLogTail(path, 4096, 2)).toEqual(['c', 'd']);
    expect(await readLogTail(path)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('no log file yet (a first run) is no lines, not an error', async () => {
    expect(await readLogTail(join(dir, 'missing.log'))).toEqual([]);
  });
});
