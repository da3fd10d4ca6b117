/**
 * CLI start-up: `herald --help` as an installed user runs it (the built bundle) and as a checkout runs it (the
 * sources through tsx), each vs `node -e 0`, alternating, medians.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fmt, type Row } from './rows';
import { alternate, median } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');

function timed(args: string[], env: Record<string, string> = {}): number {
  const t = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', timeout: 30_000, env: { ...process.env, ...env } });
  return performance.now() - t;
}

export async function cliFigures(quick: boolean): Promise<Row[]> {
  if (!existsSync(resolve(ROOT, 'out/cli/herald.js'))) spawnSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
  const rows: Row[] = [];
  for (const [what, env] of [
    ['built', { HERALD_CLI: 'built' }],
    ['sources via tsx', {}],
  ] as const) {
    const r = await alternate(quick ? 3 : 7, async () => timed(['bin/herald.js', '--help'], env), async () => timed(['-e', '0']));
    const [h, b] = [median(r.herald), median(r.baseline)];
    rows.push({ figure: `CLI start-up: \`herald --help\` (${what}) vs \`node -e 0\``, herald: fmt.ms(h), baseline: fmt.ms(b), ratio: h / b, target: 'report', met: null, values: { heraldMs: h, nodeMs: b } });
  }
  return rows;
}
