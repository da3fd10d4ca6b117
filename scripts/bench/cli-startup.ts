/** CLI start-up: `node bin/herald.js --help` as the package ships it, vs `node -e 0`, alternating, medians. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fmt, type Row } from './rows';
import { alternate, median } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');

function timed(args: string[]): number {
  const t = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', timeout: 30_000 });
  return performance.now() - t;
}

export async function cliFigures(quick: boolean): Promise<Row[]> {
  const r = await alternate(quick ? 3 : 7, async () => timed(['bin/herald.js', '--help']), async () => timed(['-e', '0']));
  const [h, b] = [median(r.herald), median(r.baseline)];
  return [{ figure: 'CLI start-up: `herald --help` (bin/herald.js as shipped) vs `node -e 0`', herald: fmt.ms(h), baseline: fmt.ms(b), ratio: h / b, target: 'report', met: null, values: { heraldMs: h, nodeMs: b } }];
}
