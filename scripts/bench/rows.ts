/** One line of the bench's table (and of its --json file). */
export interface Row {
  figure: string;
  /** Herald's number, with its unit, as printed. */
  herald: string;
  baseline: string;
  /** Herald relative to the baseline, in the direction the target is stated (e.g. throughput: herald/baseline). */
  ratio: number | null;
  target: string;
  /** null: reported only, no target. */
  met: boolean | null;
  /** Raw numbers behind the row, for the JSON file. */
  values?: Record<string, number | string>;
}

export const fmt = {
  ms: (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`),
  us: (v: number) => `${v.toFixed(1)} µs`,
  rate: (v: number) => `${(v / 1000).toFixed(1)}k/s`,
  mb: (v: number) => `${v.toFixed(0)} MB`,
  n: (v: number) => v.toLocaleString('en-US'),
};
