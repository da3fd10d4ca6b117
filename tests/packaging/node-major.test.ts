/**
 * The suite runs on the Node that the pinned Electron embeds (its main process is where most of Herald runs), so a
 * Node-only behaviour change shows up here before users see it. Fails when Electron is bumped to a major whose Node
 * differs from the one `npm test` runs on (scripts/node-versions.mjs picks it), or when the table disagrees with
 * Electron's own declaration (its package.json depends on @types/node of the Node it embeds).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ELECTRON_NODE_MAJOR, electronMajor, electronNodeMajor, enginesNodeMajor } from '../../scripts/node-versions.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

it('the tests run on the Node major that the pinned Electron embeds', () => {
  const running = Number(process.versions.node.split('.')[0]);
  expect(running, `Electron ${electronMajor(ROOT)} embeds Node ${electronNodeMajor(ROOT)}; run the suite with npm test`).toBe(electronNodeMajor(ROOT));
});

it("the Electron→Node table agrees with the Node types Electron's package declares", () => {
  const electronPkg = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const declared = /(\d+)/.exec(electronPkg.dependencies?.['@types/node'] ?? '')?.[1];
  expect(declared, "electron's package.json names the @types/node it is built against").toBeDefined();
  expect(ELECTRON_NODE_MAJOR[electronMajor(ROOT)]).toBe(Number(declared));
});

it('the oldest Node the CLI claims is still supported and not newer than the one Electron ships', () => {
  // Node 20 left support in April 2026; electron-builder's own dependencies need >= 22.12.
  const oldest = enginesNodeMajor(ROOT);
  expect(oldest).toBeGreaterThanOrEqual(22);
  expect(oldest).toBeLessThanOrEqual(electronNodeMajor(ROOT));
});
