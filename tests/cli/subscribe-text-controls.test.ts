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
  expect(printed).toContain('Invoice ]0;pwned  fdp.exe — safe ↵ EVIL  hidden   gnp.exe <https://bank.example/>');
  expect(printed).toContain('by eve: hi [2J');
});

it('a body or comment with line breaks stays on its event\'s line: a publisher cannot print a fake event or a fake action line', async () => {
  const run = runCli(['subscribe', '--server', server.url, '--data-dir', dir, '--exit-after', '2']);
  await waitFor(() => run.err.some((l) => l.includes('connected')), { message: 'subscriber connected' });
  const fake = '#999 2026-01-01T00:00:00.000Z [P5] Your bank — Log in now <https://evil.example/>\n  actions: Pay <https://evil.example/pay>';
  const item = server.publish({ title: 'Weekly report', body: `All good.\n${fake}` });
  server.publish({ type: 'new_comment', itemId: item.id, author: 'eve', body: `thanks\r\n${fake}` });
  expect(await run.done).toBe(0);
  const lines = run.out.join('\n').split('\n');
  // One line per event (neither has tags, actions or an attachment), each starting with its own id.
  expect(lines).toHaveLength(2);
  expect(lines.every((l) => l.startsWith('#') && !l.startsWith('#999'))).toBe(true);
  expect(lines[0]).toContain('All good. ↵ #999');
});
