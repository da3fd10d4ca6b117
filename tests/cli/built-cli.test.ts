/**
 * The `herald` command as users get it: built to JavaScript (out/cli), packed by `npm pack` with only what it
 * needs, and run from the unpacked package with no TypeScript sources and no tsx next to it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

let work: string;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'herald-pack-'));
  // `npm pack` runs `prepack`, which builds the CLI: the tarball is what a user would install.
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, timeout: 60_000 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info!.filename);
}, 90_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function packedFiles(): Promise<string[]> {
  const { stdout } = await exec('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, timeout: 60_000 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ files: Array<{ path: string }> }>;
  return info!.files.map((f) => f.path).sort();
}

/** The npm packages the built CLI imports (bare specifiers, not node: built-ins). */
function builtImports(): string[] {
  const dir = join(ROOT, 'out/cli');
  const files = [join(dir, 'herald.js'), ...readdirSync(join(dir, 'chunks')).map((f) => join(dir, 'chunks', f))];
  const names = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const statics = text.matchAll(/^\s*(?:import|export)\b[^;'"]*?(?:from\s*)?["']([^"']+)["']/gm);
    const dynamics = text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g);
    for (const m of [...statics, ...dynamics]) {
      const spec = m[1]!;
      if (spec.startsWith('node:') || spec.startsWith('.') || spec.startsWith('/')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return [...names].sort();
}

describe('the built herald command', () => {
  it('npm pack lists only what a user needs: the launcher, the built CLI, package.json and README', async () => {
    const files = await packedFiles();
    expect(files).toContain('bin/herald.js');
    expect(files).toContain('out/cli/herald.js');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    const unexpected = files.filter((f) => !/^(bin\/herald\.js|out\/cli\/.+\.js|package\.json|README\.md)$/.test(f));
    expect(unexpected).toEqual([]);
  });

  it('the build is plain JavaScript: no TypeScript sources, no tsx, npm dependencies left as imports', () => {
    const dir = join(ROOT, 'out/cli');
    const all = [join(dir, 'herald.js'), ...readdirSync(join(dir, 'chunks')).map((f) => join(dir, 'chunks', f))];
    const text = all.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toMatch(/from ["'][^"']*\.ts["']|["']tsx(\/|["'])/);
    expect(text).toMatch(/from ["']eventsource["']/);
  });

  describe('installed from the tarball (no sources, no dev tools)', () => {
    let pkg: string;
    let server: RunningServer;

    beforeAll(async () => {
      const into = join(work, 'installed');
      mkdirSync(into);
      await exec('tar', ['-xzf', tarball, '-C', into]);
      pkg = join(into, 'package');
      // Its runtime dependencies, as npm would install them: each package the built CLI imports, which must be one
      // package.json lists under `dependencies` (a user's `npm install` brings nothing else).
      mkdirSync(join(pkg, 'node_modules'));
      const declared = Object.keys((JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {});
      const imported = builtImports();
      expect(imported.filter((name) => !declared.includes(name))).toEqual([]);
      for (const name of imported) symlinkSync(join(ROOT, 'node_modules', name), join(pkg, 'node_modules', name), 'dir');
      server = await startServer({ port: 0, keepaliveSeconds: 0.5 });
    });
    afterAll(async () => server?.close());

    it('answers --help', async () => {
      const { stdout } = await exec(process.execPath, [join(pkg, 'bin/herald.js'), '--help'], { cwd: pkg });
      expect(stdout).toContain('Usage: herald <command>');
    });

    it('subscribes over SSE, and prints what it publishes', async () => {
      const herald = join(pkg, 'bin/herald.js');
      const sub = spawn(process.execPath, [herald, 'subscribe', '--server', server.url, '--json', '--transport', 'sse', '--data-dir', join(work, 'data'), '--exit-after', '1'], { cwd: pkg });
      let out = '';
      let err = '';
      sub.stdout.on('data', (c: Buffer) => (out += c.toString()));
      sub.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((res) => sub.on('exit', res));
      try {
        await waitFor(() => err.includes('connected'), { message: 'the packed subscriber connected', timeoutMs: 15_000 });
        const pub = await exec(process.execPath, [herald, 'publish', '--server', server.url, '--title', 'packed', '--body', 'hello'], { cwd: pkg });
        expect(pub.stdout.trim()).toMatch(/^\d+$/);
        expect(await exited).toBe(0);
      } finally {
        sub.kill();
      }
      expect(JSON.parse(out.trim())).toMatchObject({ type: 'notification', data: { title: 'packed', body: 'hello' } });
    });
  });
});
