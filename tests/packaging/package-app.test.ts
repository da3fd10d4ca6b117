/**
 * electron-builder really packages Herald (Linux, unpacked "dir" target) — with a stand-in for the Electron
 * distribution, since the real one cannot be downloaded here. The stand-in carries the fuse wire at its sentinel
 * like a real Electron binary, so the fuses electron-builder flips can be read back. What is checked is what ships:
 * the contents of app.asar, the Chromium locales, the fuses.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');
const asar = require('@electron/asar') as { listPackage(archive: string): string[]; extractFile(archive: string, file: string): Buffer };
const fuses = require('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<string, number>>;
  FuseV1Options: Record<string, number>;
};
const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);

let work: string;
let unpacked: string;

/** An Electron-shaped directory: the binary (with an all-default fuse wire), locales, licence, chrome-sandbox. */
function fakeElectronDist(dir: string): void {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'));
  const wire = Buffer.from([1, 8, ...Buffer.from('10011000')]); // fuse wire v1, 8 fuses, Electron's defaults
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), wire]), { mode: 0o755 });
  for (const locale of ['en-US', 'en-GB', 'zh-CN', 'zh-TW', 'de', 'fr', 'ja']) writeFileSync(join(dir, 'locales', `${locale}.pak`), 'pak');
  writeFileSync(join(dir, 'chrome-sandbox'), 'sandbox', { mode: 0o755 });
  writeFileSync(join(dir, 'LICENSE'), 'licence');
  writeFileSync(join(dir, 'version'), '45.5.0');
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'herald-builder-'));
  const dist = join(work, 'electron');
  fakeElectronDist(dist);
  // The app must be built (npm test builds before running; alone, build it here).
  if (!existsSync(join(ROOT, 'out/main/index.js'))) await exec('npx', ['electron-vite', 'build'], { cwd: ROOT, timeout: 120_000 });
  await exec('npx', ['electron-builder', '--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${join(work, 'out')}`], {
    cwd: ROOT,
    timeout: 120_000,
    env: { ...process.env, CI: '1' },
  });
  unpacked = join(work, 'out/linux-unpacked');
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder packages Herald', () => {
  it('names the executable after the app and keeps only the en and zh-CN Chromium locales', () => {
    expect(existsSync(join(unpacked, 'herald'))).toBe(true);
    expect(readdirSync(join(unpacked, 'locales')).sort()).toEqual(['en-GB.pak', 'en-US.pak', 'zh-CN.pak']);
  });

  it('app.asar holds the built app and its runtime dependencies only: no sources, tests, maps, CLI or dev tools', () => {
    const files = asar.listPackage(join(unpacked, 'resources/app.asar')).map((f) => f.replaceAll('\\', '/').replace(/^\//, ''));
    for (const f of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) expect(files).toContain(f);
    expect(files.filter((f) => /^(src|tests|scripts|build|bin|docs)\//.test(f) || f.startsWith('out/cli'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || /^out\/.*\.ts$/.test(f))).toEqual([]);
    const modules = new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));
    for (const m of ['electron-store', 'electron-updater', 'eventsource']) expect(modules).toContain(m);
    for (const m of ['electron', 'electron-builder', 'electron-vite', 'tsx', 'vite', 'vitest', 'typescript', 'svelte', 'playwright-core']) expect(modules).not.toContain(m);
    const pkg = JSON.parse(asar.extractFile(join(unpacked, 'resources/app.asar'), 'package.json').toString()) as { main: string; desktopName: string };
    expect(pkg).toMatchObject({ main: './out/main/index.js', desktopName: 'herald.desktop' });
  });

  it('flips the fuses in the shipped binary', async () => {
    const wire = await fuses.getCurrentFuseWire(join(unpacked, 'herald'));
    const o = fuses.FuseV1Options;
    expect({
      runAsNode: wire[o.RunAsNode!],
      nodeOptions: wire[o.EnableNodeOptionsEnvironmentVariable!],
      inspect: wire[o.EnableNodeCliInspectArguments!],
      asarIntegrity: wire[o.EnableEmbeddedAsarIntegrityValidation!],
      onlyAsar: wire[o.OnlyLoadAppFromAsar!],
      cookieEncryption: wire[o.EnableCookieEncryption!],
      fileProtocolExtras: wire[o.GrantFileProtocolExtraPrivileges!],
    }).toEqual({ runAsNode: OFF, nodeOptions: OFF, inspect: OFF, asarIntegrity: ON, onlyAsar: ON, cookieEncryption: ON, fileProtocolExtras: OFF });
  });
});
