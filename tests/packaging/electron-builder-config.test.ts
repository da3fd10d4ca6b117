/**
 * The installers' configuration (electron-builder.yml), checked here because the installers themselves can only be
 * built on a machine that can download Electron (`npm run dist`): electron-builder's own loader and schema
 * validation accept it, the identity matches what the code sets, only the built app is packed, and the fuses are
 * the ones the security review asked for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { minimatch } from 'minimatch';
import { APP_USER_MODEL_ID } from '../../src/main/app-id';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  /** The loader normalises `files` to file sets: `[{ filter: [...] }]`. */
  files?: Array<string | { filter?: string[] }>;
  electronLanguages?: string[];
  electronFuses?: Record<string, boolean>;
  directories?: { buildResources?: string };
  linux?: { target?: string[]; category?: string; icon?: string; syncDesktopName?: boolean; desktop?: { entry?: Record<string, string> } };
  win?: { target?: string; icon?: string };
  nsis?: { oneClick?: boolean; perMachine?: boolean; createDesktopShortcut?: boolean; createStartMenuShortcut?: boolean };
  mac?: { target?: string; icon?: string; hardenedRuntime?: boolean; entitlements?: string; entitlementsInherit?: string; notarize?: boolean };
  publish?: { provider?: string };
}

// electron-builder's own configuration code (the same functions `electron-builder` runs before building).
const builder = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quietDebug = { isEnabled: false, add() {} };
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { name: string; desktopName?: string; main: string };

let config: BuilderConfig;
beforeAll(async () => {
  config = await builder.getConfig(ROOT, null, null);
});

describe('electron-builder configuration', () => {
  it("passes electron-builder's own validation (and the validation is live: a misspelt key fails)", async () => {
    await expect(builder.validateConfiguration(config, quietDebug)).resolves.toBeUndefined();
    await expect(builder.validateConfiguration({ ...config, linux: { ...config.linux, catgory: 'Network' } as BuilderConfig['linux'] }, quietDebug)).rejects.toThrow(/configuration\.linux/);
  });

  it('has the identity the code uses: appId is the AppUserModelID, productName Herald', () => {
    expect(config.appId).toBe(APP_USER_MODEL_ID);
    expect(config.productName).toBe('Herald');
  });

  it('packs only the built app into app.asar: no sources, tests, maps or the CLI', () => {
    expect(config.asar).toBe(true);
    const candidates = [
      'package.json',
      'README.md',
      'src/main/index.ts',
      'tests/main/tray.test.ts',
      'electron.vite.config.ts',
      'out/main/index.js',
      'out/main/index.js.map',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
      'out/renderer/assets/index-abc.js.map',
      'out/renderer/assets/index-abc.css',
      'out/cli/herald.js',
    ];
    // electron-builder's rule: a file is packed if it matches a pattern and no later "!" pattern excludes it.
    const packed = candidates.filter((file) => {
      let included = false;
      for (const pattern of (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])))) {
        if (pattern.startsWith('!')) {
          if (minimatch(file, pattern.slice(1), { dot: true })) included = false;
        } else if (minimatch(file, pattern, { dot: true })) included = true;
      }
      return included;
    });
    expect(packed).toEqual(['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'out/renderer/assets/index-abc.css']);
    // The app's entry is inside what is packed.
    expect(packed).toContain(pkg.main.replace(/^\.\//, ''));
  });

  it('keeps only the English and Chinese Chromium locales', () => {
    expect(config.electronLanguages).toEqual(['en', 'zh-CN']);
  });

  it('sets the fuses: no run-as-node, no NODE_OPTIONS or --inspect, asar only and checked, encrypted cookies, no file:// extras', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage, deb and rpm whose launcher entry matches the window (desktopName = StartupWMClass = app name)', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.linux?.category).toBe('Network');
    expect(config.linux?.syncDesktopName).toBe(true);
    // Electron names the window's WM_CLASS / Wayland app_id after package.json (name, desktopName).
    expect(pkg.desktopName).toBe(`${pkg.name}.desktop`);
    expect(config.linux?.desktop?.entry?.StartupWMClass).toBe(pkg.name);
  });

  it('builds a per-user NSIS installer with shortcuts, and a hardened-runtime dmg with entitlements on disk', () => {
    expect(config.win?.target).toBe('nsis');
    expect(config.nsis).toMatchObject({ perMachine: false, createDesktopShortcut: true, createStartMenuShortcut: true });
    expect(config.mac).toMatchObject({ target: 'dmg', hardenedRuntime: true });
    // Notarization is electron-builder's default: only when Apple credentials are in the environment.
    expect(config.mac?.notarize).toBeUndefined();
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toBeTruthy();
      expect(readFileSync(resolve(ROOT, file!), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    }
  });

  it('derives every platform icon from the one 1024 px master', () => {
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) expect(icon).toBe('build/icon.png');
    const png = readFileSync(resolve(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('publishes update metadata to GitHub releases by default', () => {
    expect(config.publish?.provider).toBe('github');
  });
});
