/**
 * `herald subscribe` without --json prints publisher text into a terminal: no control sequence (ESC, CR, BEL) and no
 * bidi control reaches it, so a publisher can neither drive the terminal nor make a line read backwards (a right-to-
 * left override in a body would reverse the link printed after it on terminals that apply bidi).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';
import { runCli } from './run-cli';

let server: RunningServer;
let dir: string;

beforeEach(async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, testHooks: true });
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-text-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('prints titles, bodies and comments without terminal controls or bidi controls', async () => {
  const run = runCli(['subscribe', '--server', server.url, '--data-dir', dir, '--exit-after', '2']);
  await waitFor(() => run.err.some((l) => l.includes('connected')), { message: 'subscriber connected' });
  const item = server.publish({ title: 'Invoice\u001b]0;pwned\u0007 \u202Efdp.exe', body: 'safe\rEVIL \u2067hidden\u2069 \u202Egnp.exe', url: 'https://bank.example/' });
  server.publish({ type: 'new_comment', itemId: item.id, author: 'eve\u202E', body: 'hi\u001b[2J\u200F' });
  expect(await run.done).toBe(0);
  const printed = run.out.join('\n');
  expect(printed).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069]/);
  expect(printed).toContain('Invoice ]0;pwned  fdp.exe — safe\nEVIL  hidden   gnp.exe <https://bank.example/>');
  expect(printed).toContain('by eve: hi [2J');
});
