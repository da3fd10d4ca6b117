/**
 * The renderer reaches main only through its stores: lib/bridge.ts is the one place that reads `window.herald`,
 * App.svelte hands the bridge to AppState, and components call store methods — never the bridge.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const RENDERER = resolve(import.meta.dirname, '../src/renderer/src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|svelte)$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** What a component may not touch: the bridge's global, its type, its getter, or a store's bridge field. */
function componentProblems(text: string): string[] {
  return [/window\s*(\.\s*herald|\[)/, /\bBRIDGE_NAME\b/, /\bHeraldBridge\b/, /\bgetBridge\b/, /\.\s*#?bridge\b/].filter((re) => re.test(text)).map(String);
}

describe('the bridge boundary in the renderer', () => {
  it('only lib/bridge.ts reads window.herald', () => {
    const readers = files(RENDERER).filter((f) => /window\s*\.\s*herald|\bBRIDGE_NAME\b/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(readers.map((f) => relative(RENDERER, f))).toEqual(['lib/bridge.ts']);
  });

  it('no component calls the bridge: they go through the stores', () => {
    const offenders = files(join(RENDERER, 'components')).filter((f) => componentProblems(readFileSync(f, 'utf8')).length > 0);
    expect(offenders.map((f) => relative(RENDERER, f))).toEqual([]);
    // The check itself sees the ways a component could slip.
    expect(componentProblems(`app.bridge.act('s', a)`)).not.toEqual([]);
    expect(componentProblems(`window.herald.getSnapshot()`)).not.toEqual([]);
    expect(componentProblems(`import type { HeraldBridge } from '../../../shared/ipc-contract';`)).not.toEqual([]);
    expect(componentProblems(`app.act('s', a)`)).toEqual([]);
  });
});
