/**
 * `npm run bench`: Herald's performance record. Each figure is measured against a named baseline in the same run
 * on the same machine — alternating rounds, medians — and compared with its target (BENCHMARKS.md has the numbers
 * seen and what was done about missed targets).
 *
 *   npm run bench                   the full run (several minutes)
 *   npm run bench -- --quick        smaller sizes, one round: under a minute
 *   npm run bench -- --json FILE    also write the rows (with a boolean `met`, null when only reported) to FILE
 *   npm run bench -- --only a,b     only the named groups: sse, stores, replay, polling, nchan, cli, renderer, fanout
 *   npm run bench -- --fanout-max N also measure fan-out to N subscribers (beyond 5 000; mind `ulimit -n`)
 *
 * Everything talks to 127.0.0.1 only, every wait is bounded, and the run stops by itself.
 */
import { writeFileSync } from 'node:fs';
import { cliFigures } from './bench/cli-startup';
import { fanoutFigures } from './bench/fanout';
import { nchanFigures } from './bench/nchan';
import { pollingFigures } from './bench/polling-trace';
import { replayFigures } from './bench/outbox-replay';
import { rendererFigures } from './bench/renderer';
import type { Row } from './bench/rows';
import { startBenchServer } from './bench/server';
import { sseFigures } from './bench/sse';
import { storeFigures } from './bench/store-figures';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) throw new Error('--json needs a file name');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : null;
const wanted = (group: string) => only === null || only.has(group);
const fanoutMaxAt = argv.indexOf('--fanout-max');
const fanoutMax = fanoutMaxAt >= 0 ? Number(argv[fanoutMaxAt + 1]) : null;
if (fanoutMax !== null && !(Number.isInteger(fanoutMax) && fanoutMax > 0 && fanoutMax <= 100_000)) throw new Error('--fanout-max needs a number of subscribers (1-100000)');

const GROUPS: Array<[string, () => Promise<Row[]>]> = [
  ['stores', () => storeFigures(quick)],
  ['sse', async () => {
    const server = await startBenchServer();
    try {
      return await sseFigures(server, quick);
    } finally {
      await server.stop();
    }
  }],
  ['replay', async () => {
    const server = await startBenchServer();
    try {
      return await replayFigures(server, quick);
    } finally {
      await server.stop();
    }
  }],
  ['polling', () => pollingFigures(quick)],
  ['nchan', () => nchanFigures(quick)],
  ['cli', () => cliFigures(quick)],
  ['renderer', () => rendererFigures(quick)],
  ['fanout', () => fanoutFigures(quick, fanoutMax)],
];

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  for (const [group, run] of GROUPS) {
    if (!wanted(group)) continue;
    process.stderr.write(`bench: ${group}…\n`);
    try {
      rows.push(...(await run()));
    } catch (err) {
      // One group failing (a missing nginx, say) must not hide the others: its row says why.
      rows.push({ figure: `${group}: could not run`, herald: '—', baseline: '—', ratio: null, target: '—', met: false, values: { error: err instanceof Error ? err.message : String(err) } });
    }
  }
  print(rows);
  process.stdout.write(`\n${quick ? 'quick run' : 'full run'}, ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s. Ratios are Herald relative to the baseline of the same run.\n`);
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify({ date: new Date().toISOString(), quick, rows }, null, 2)}\n`);
    process.stdout.write(`rows written to ${jsonFile}\n`);
  }
}

function print(rows: Row[]): void {
  const header = ['figure', 'Herald', 'baseline', 'ratio', 'target', 'met?'];
  const table = rows.map((r) => [r.figure, r.herald, r.baseline, r.ratio === null || !Number.isFinite(r.ratio) ? '—' : `${r.ratio.toFixed(2)}×`, r.target, r.met === null ? 'report' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of table) process.stdout.write(`${line(row)}\n`);
  for (const r of rows) if (r.values?.error) process.stdout.write(`\n${r.figure}: ${r.values.error}\n`);
}

await main();
// Stray handles (a socket in keep-alive) must not keep a finished bench alive.
process.exit(0);
