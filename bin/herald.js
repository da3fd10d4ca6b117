#!/usr/bin/env node
// The `herald` command line: runs the TypeScript sources through tsx, so it works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
