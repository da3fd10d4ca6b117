/**
 * The house rules of STYLE.md as a test: each folder under src/ is one environment, and its name says what it may
 * import. Electron stays at the edge (src/main and src/preload only); electron-store and electron-updater are
 * the shell's (src/main); svelte is the window's; Node's built-ins never reach the sandboxed preload, the window or
 * src/shared. Side-effect imports (`import '../main/x'`) count like any other.
 *
 * main → server: a written exception. The composition root (main/index.ts) hands the reference server's
 * `startServer` to main/demo-server.ts, which runs it in-process as the "built-in demo server", so a first start
 * shows something without any setup.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve(__dirname, '../src');
const PACKAGE_JSON = resolve(__dirname, '../package.json');
const ALLOWED: Record<string, { folders: string[]; node: boolean }> = {
  shared: { folders: ['shared'], node: false },
  core: { folders: ['shared', 'core'], node: true },
  server: { folders: ['shared', 'core', 'server'], node: true },
  cli: { folders: ['shared', 'core', 'server', 'cli'], node: true },
  main: { folders: ['shared', 'core', 'server', 'main'], node: true },
  preload: { folders: ['shared', 'preload'], node: false },
  // The preload only through its declared API (src/preload/*.d.ts), never its implementation.
  renderer: { folders: ['shared', 'renderer', 'preload'], node: false },
};
/** npm packages bound to one environment, and the folders that may import them. */
const ENVIRONMENT_PACKAGES: Record<string, string[]> = {
  electron: ['main', 'preload'],
  'electron-store': ['main'],
  'electron-updater': ['main'],
  svelte: ['renderer'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
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

/** What is wrong with one file's imports, as lines a person can act on. */
export function importProblems(folder: string, file: string, text: string): string[] {
  const rule = ALLOWED[folder]!;
  const name = relative(SRC, file);
  const problems: string[] = [];
  for (const spec of imports(text)) {
    if (spec.startsWith('node:')) {
      if (!rule.node) problems.push(`${name} imports ${spec} (Node is not available in src/${folder})`);
      continue;
    }
    if (!spec.startsWith('.')) {
      const allowed = ENVIRONMENT_PACKAGES[packageOf(spec)];
      if (allowed && !allowed.includes(folder)) problems.push(`${name} imports ${spec} (only ${allowed.map((f) => `src/${f}`).join(', ')})`);
      continue;
    }
    const resolved = resolve(dirname(file), spec);
    // The CLI tells package.json's version (the build inlines that one field).
    if (folder === 'cli' && resolved === PACKAGE_JSON) continue;
    const target = relative(SRC, resolved).split(/[\\/]/)[0]!;
    if (!rule.folders.includes(target)) problems.push(`${name} imports ${spec} (src/${target})`);
    else if (folder === 'renderer' && target === 'preload' && !isDeclaration(spec, resolved)) {
      problems.push(`${name} imports ${spec} (the preload's implementation; use its .d.ts)`);
    }
  }
  return problems;
}

function isDeclaration(spec: string, resolved: string): boolean {
  return spec.endsWith('.d.ts') || (existsSync(`${resolved}.d.ts`) && !existsSync(`${resolved}.ts`));
}

describe('import boundaries (STYLE.md)', () => {
  for (const [folder, rule] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only ${rule.folders.join(', ')} and the packages of its environment`, () => {
      const problems = files(join(SRC, folder)).flatMap((file) => importProblems(folder, file, readFileSync(file, 'utf8')));
      expect(problems).toEqual([]);
    });
  }

  it('catches what slipped through before: electron-store in core, side-effect imports, the preload implementation', () => {
    const at = (folder: string) => join(SRC, folder, 'x.ts');
    expect(importProblems('core', at('core'), `import Store from 'electron-store';`)).toHaveLength(1);
    expect(importProblems('core', at('core'), `import 'electron';`)).toHaveLength(1);
    expect(importProblems('core', at('core'), `import '../main/index';`)).toHaveLength(1);
    expect(importProblems('shared', at('shared'), `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
    expect(importProblems('renderer', at('renderer'), `import { createBridge } from '../preload/bridge';`)).toHaveLength(1);
    expect(importProblems('renderer', at('renderer'), `import type { HeraldApi } from '../preload/index.d.ts';`)).toEqual([]);
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
