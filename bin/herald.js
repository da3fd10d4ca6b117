#!/usr/bin/env node
// The `herald` command. An installed Herald runs the built JavaScript (out/cli/herald.js, made by
// `npm run build:cli` and before `npm pack`). In a source checkout the TypeScript sources run through tsx instead,
// so what runs is always what was last edited, never a stale build; HERALD_CLI=built picks the build there too.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/index.ts', import.meta.url);
const built = new URL('../out/cli/herald.js', import.meta.url);

async function load() {
  if (process.env.HERALD_CLI !== 'built' && existsSync(sources)) {
    const tsx = await import('tsx/esm/api').catch((err) => {
      // A checkout installed without devDependencies has no tsx: use the build if there is one.
      if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !existsSync(built)) throw err;
      return null;
    });
    if (tsx) {
      tsx.register();
      return import(sources.href);
    }
  }
  if (!existsSync(built)) {
    process.stderr.write('herald: the command line is not built yet. Run `npm run build:cli`, then try again.\n');
    process.exit(1);
  }
  return import(built.href);
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
