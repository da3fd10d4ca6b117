/** Renderer figures in Chromium via the e2e harness: not measured yet (see BENCHMARKS.md). */
import type { Row } from './rows';

export async function rendererFigures(_quick: boolean): Promise<Row[]> {
  return [];
}
