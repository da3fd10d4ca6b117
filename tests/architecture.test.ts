/**
 * The house rules of STYLE.md as a test: each folder under src/ is one environment, and its name says what it may
 * import. Electron stays at the edge (src/main and src/preload only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve(__dirname, '../src');
const ALLOWED: Record<string, { folders: string[]; electron: boolean }> = {
  shared: { folders: ['shared'], electron: false },
  core: { folders: ['shared', 'core'], electron: false },
  server: { folders: ['shared', 'core', 'server'], electron: false },
  cli: { folders: ['shared', 'core', 'server', 'cli'], electron: false },
  main: { folders: ['shared', 'core', 'server', 'main'], electron: true },
  preload: { folders: ['shared', 'preload'], electron: true },
  renderer: { folders: ['shared', 'renderer', 'preload'], electron: false },
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
  });
}

function imports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

describe('import boundaries (STYLE.md)', () => {
  for (const [folder, rule] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only ${rule.folders.join(', ')}${rule.electron ? ' and electron' : ''}`, () => {
      const problems: string[] = [];
      for (const file of files(join(SRC, folder))) {
        for (const spec of imports(readFileSync(file, 'utf8'))) {
          if (spec === 'electron' || spec.startsWith('electron/')) {
            if (!rule.electron) problems.push(`${relative(SRC, file)} imports electron`);
            continue;
          }
          if (!spec.startsWith('.')) continue;
          const target = relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0]!;
          if (!rule.folders.includes(target)) problems.push(`${relative(SRC, file)} imports ${spec} (src/${target})`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('no server text is rendered as HTML in the renderer', () => {
    const offenders = files(join(SRC, 'renderer')).filter((f) => /\{@html|innerHTML|outerHTML|insertAdjacentHTML/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('no console in src (one logger instead)', () => {
    const offenders = files(SRC).filter((f) => /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
