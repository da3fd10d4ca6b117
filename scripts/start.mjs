#!/usr/bin/env node
// `npm start`: build the app and run it in Electron. Needs a desktop session and Electron's binary, which npm
// normally downloads at install time; if the install skipped it (allowScripts), fetch it once here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

if (!existsSync(join(electronDir, 'path.txt'))) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.error('Electron is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set). Unset it and run npm start again.');
    process.exit(1);
  }
  console.log('Downloading Electron (first start only)…');
  if (spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' }).status !== 0) {
    console.error('Could not download Electron. Check the network, then run npm start again.');
    process.exit(1);
  }
}

if (spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const electron = require('electron'); // the path of the binary
const r = spawnSync(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
