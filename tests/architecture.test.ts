/**
 * The house rules as a test: each folder under src/ is one environment, and its name says what it may import. The
 * rules come from ONE table, docs/ARCHITECTURE.md's (the house table with its written exceptions): this file only
 * reads it and checks every import of every file in src/ — static, dynamic, `require`, `export … from` and
 * side-effect imports (`import './x'`) alike.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { importCycles, importGraph } from './support/import-graph';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');
const PACKAGE_JSON = join(ROOT, 'package.json');
const TABLE_DOC = join(ROOT, 'docs/ARCHITECTURE.md');

interface FolderRule {
  /** src/ folders this one may import, with the narrowing the table writes in parentheses. */
  folders: Map<string, { declarationsOnly: boolean; onlyFrom: string[] | null }>;
  packages: string[];
  node: boolean;
}

/** The table of docs/ARCHITECTURE.md: one row per folder; names in backticks are what counts. */
export function readRules(markdown: string): Map<string, FolderRule> {
  const rules = new Map<string, FolderRule>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const folder = /^`([\w-]+)`$/.exec(cells[0] ?? '')?.[1];
    if (cells.length !== 5 || !folder) continue;
    const folders: FolderRule['folders'] = new Map();
    for (const m of cells[2]!.matchAll(/`([\w-]+)`(?:\s*\(([^)]*)\))?/g)) {
      const note = m[2] ?? '';
      const onlyFrom = /only from/.test(note) ? [...note.matchAll(/`([^`]+)`/g)].map((x) => x[1]!) : null;
      folders.set(m[1]!, { declarationsOnly: note.includes('.d.ts'), onlyFrom });
    }
    const packages = [...cells[3]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rules.set(folder, { folders, packages, node: cells[4] === 'yes' });
  }
  return rules;
}

const RULES = readRules(readFileSync(TABLE_DOC, 'utf8'));
/** npm packages bound to an environment, and the folders whose row names them. */
const BOUND_PACKAGES = new Map<string, string[]>();
for (const [folder, rule] of RULES) for (const p of rule.packages) BOUND_PACKAGES.set(p, [...(BOUND_PACKAGES.get(p) ?? []), folder]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(m|c)?(ts|js)$|\.svelte$/.test(name) ? [p] : [];
  });
}

function imports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[;\s])import\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(pattern)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function isDeclaration(spec: string, resolved: string): boolean {
  return spec.endsWith('.d.ts') || (existsSync(`${resolved}.d.ts`) && !existsSync(`${resolved}.ts`));
}

/** What is wrong with one file's imports, as lines a person can act on. */
export function importProblems(folder: string, file: string, text: string): string[] {
  const rule = RULES.get(folder)!;
  const name = relative(SRC, file);
  const problems: string[] = [];
  for (const spec of imports(text)) {
    if (spec.startsWith('node:')) {
      if (!rule.node) problems.push(`${name} imports ${spec} (Node is not available in src/${folder})`);
      continue;
    }
    if (!spec.startsWith('.')) {
      const allowed = BOUND_PACKAGES.get(packageOf(spec));
      if (allowed && !allowed.includes(folder)) problems.push(`${name} imports ${spec} (only ${allowed.map((f) => `src/${f}`).join(', ')})`);
      continue;
    }
    const resolved = resolve(dirname(file), spec);
    // The CLI tells package.json's version (a written exception; the build inlines that one field).
    if (folder === 'cli' && resolved === PACKAGE_JSON) continue;
    const target = relative(SRC, resolved).split(/[\\/]/)[0]!;
    const allowed = rule.folders.get(target);
    if (!allowed) problems.push(`${name} imports ${spec} (src/${target})`);
    else if (allowed.declarationsOnly && !isDeclaration(spec, resolved)) problems.push(`${name} imports ${spec} (src/${target}'s implementation; only its .d.ts)`);
    else if (allowed.onlyFrom && !allowed.onlyFrom.includes(name)) problems.push(`${name} imports ${spec} (src/${target} only from ${allowed.onlyFrom.join(', ')})`);
  }
  return problems;
}

describe('import boundaries (docs/ARCHITECTURE.md)', () => {
  it('the table names every folder under src/, and only those', () => {
    const folders = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isDirectory());
    expect([...RULES.keys()].sort()).toEqual(folders.sort());
    // What the house table says, as read from the table (a misparse would make every check below pass).
    expect(RULES.get('core')).toMatchObject({ packages: [], node: true });
    expect([...RULES.get('core')!.folders.keys()]).toEqual(['shared', 'core']);
    expect(RULES.get('main')!.folders.get('server')).toEqual({ declarationsOnly: false, onlyFrom: ['main/index.ts'] });
    expect(RULES.get('renderer')!.folders.get('preload')).toEqual({ declarationsOnly: true, onlyFrom: null });
    expect(Object.fromEntries(BOUND_PACKAGES)).toEqual({ electron: ['main', 'preload'], 'electron-store': ['main'], 'electron-updater': ['main'], 'electron-log': ['main'], svelte: ['renderer'] });
  });

  for (const [folder, rule] of RULES) {
    it(`src/${folder} imports only ${[...rule.folders.keys()].join(', ')} and the packages of its environment`, () => {
      const problems = files(join(SRC, folder)).flatMap((file) => importProblems(folder, file, readFileSync(file, 'utf8')));
      expect(problems).toEqual([]);
    });
  }

  it('catches each kind of breach (checked on text, so the rule is tested even while src/ is clean)', () => {
    const at = (folder: string, file = 'x.ts') => join(SRC, folder, file);
    expect(importProblems('core', at('core'), `import Store from 'electron-store';`)).toHaveLength(1);
    expect(importProblems('core', at('core'), `import { app } from 'electron';`)).toHaveLength(1);
    expect(importProblems('core', at('core'), `import type { WebContents } from 'electron';`)).toHaveLength(1);
    // Side-effect imports across environments.
    expect(importProblems('core', at('core'), `import 'electron';`)).toHaveLength(1);
    expect(importProblems('core', at('core'), `import '../main/index';`)).toHaveLength(1);
    expect(importProblems('shared', at('shared'), `import './x';\nimport '../renderer/src/main';`)).toHaveLength(1);
    expect(importProblems('shared', at('shared'), `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
    // The renderer reaches the preload only through its declared API.
    expect(importProblems('renderer', at('renderer'), `import { createBridge } from '../preload/bridge';`)).toHaveLength(1);
    expect(importProblems('renderer', at('renderer'), `import type { HeraldApi } from '../preload/index.d.ts';`)).toEqual([]);
    // main never imports the window; the demo server only from the composition root.
    expect(importProblems('main', at('main'), `import App from '../renderer/src/App.svelte';`)).toHaveLength(1);
    expect(importProblems('main', at('main'), `const page = await import('../renderer/index.html?raw');`)).toHaveLength(1);
    expect(importProblems('main', at('main', 'tray.ts'), `import { startServer } from '../server/index';`)).toHaveLength(1);
    expect(importProblems('main', at('main', 'index.ts'), `import { startServer } from '../server/index';`)).toEqual([]);
    expect(importProblems('main', at('main'), `import Store from 'electron-store';\nimport './side-effect';`)).toEqual([]);
  });

  it('no server text is rendered as HTML in the renderer', () => {
    const offenders = files(join(SRC, 'renderer')).filter((f) => /\{@html|innerHTML|outerHTML|insertAdjacentHTML/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('no console in src (one logger instead)', () => {
    const offenders = files(SRC).filter((f) => /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});

describe('no import circles in src/', () => {
  /** A tree of files written to a temporary folder, so the rule is tested on a cycle without planting one in src/. */
  function treeOf(files: Record<string, string>): { root: string; [Symbol.dispose](): void } {
    const root = mkdtempSync(join(tmpdir(), 'herald-import-graph-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    return { root, [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
  }

  it('the static import graph of src/ (type imports included) has no circle', () => {
    const graph = importGraph(SRC);
    // The graph is really read (a misparse would find no edges and so no circles).
    expect(graph.get('core/sources/nchan.ts')).toContain('core/sources/nchan-polled-link.ts');
    expect(graph.get('main/settings/validate.ts')).toContain('main/settings/fields.ts');
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a planted circle, also one closed by a type import or an `export … from`, and names its path', () => {
    using planted = treeOf({
      'a/source.ts': `import type { Tuning } from './link';\nexport const a = 1;`,
      'a/link.ts': `import { a } from './source';\nexport interface Tuning { ms: number }`,
      'b/one.ts': `export * from './two';`,
      'b/two.ts': `import {\n  three,\n} from './three';\nexport const two = three;`,
      'b/three.ts': `export { one } from './one';\nexport const three = 3;`,
      'c/ok.ts': `import { a } from '../a/source';\nconst later = () => import('./lazy');`,
      'c/lazy.ts': `import '../c/ok';`,
    });
    expect(importCycles(importGraph(planted.root)).sort()).toEqual(['a/link.ts → a/source.ts → a/link.ts', 'b/one.ts → b/two.ts → b/three.ts → b/one.ts']);
  });

  it('a tree where two files import a third (no circle) passes', () => {
    using tree = treeOf({ 'x.ts': `import { z } from './z';`, 'y.ts': `import { z } from './z';\nimport { x } from './x';`, 'z.ts': 'export const z = 1;' });
    expect(importCycles(importGraph(tree.root))).toEqual([]);
  });
});
