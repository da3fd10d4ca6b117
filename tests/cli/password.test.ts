/**
 * The CLI's password must not have to sit on the command line (where `ps` shows it to every user): it also comes
 * from HERALD_PASSWORD, --password-file, or a prompt in a terminal. A real server on 127.0.0.1 records what the
 * subscriber sends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait';
import { runCli } from './run-cli';

let server: Server;
let url = '';
let dir = '';
const seen: string[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    res.writeHead(401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-pw-'));
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function subscribeSends(extraArgs: string[], env: Record<string, string> = {}, prompt?: (q: string) => Promise<string>) {
  const run = runCli(['subscribe', '--source', 'ntfy', '--server', url, '--channel', 't', '--user', 'me', '--data-dir', join(dir, 'data'), ...extraArgs], env, prompt ? { promptSecret: prompt } : {});
  const header = await waitFor(() => seen[0], { message: 'the subscriber to send a request' });
  run.stop();
  await run.done;
  return { header, err: run.err.join('\n') };
}

describe('CLI password sources', () => {
  it('reads HERALD_PASSWORD', async () => {
    const { header, err } = await subscribeSends([], { HERALD_PASSWORD: 'from-env' });
    expect(header).toBe(basic('me', 'from-env'));
    expect(err).not.toContain('process list');
  });

  it('reads the first line of --password-file', async () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-file\n', { mode: 0o600 });
    expect((await subscribeSends(['--password-file', file])).header).toBe(basic('me', 'from-file'));
  });

  it('asks in a terminal when no password was given', async () => {
    const questions: string[] = [];
    const { header } = await subscribeSends([], {}, async (q) => {
      questions.push(q);
      return 'typed';
    });
    expect(header).toBe(basic('me', 'typed'));
    expect(questions).toEqual([`Password for me at ${new URL(url).host}: `]);
  });

  it('asks in the reader language', async () => {
    const questions: string[] = [];
    await subscribeSends([], { LANG: 'zh_CN.UTF-8' }, async (q) => {
      questions.push(q);
      return 'typed';
    });
    expect(questions).toEqual([`${new URL(url).host} 上 me 的密码：`]);
  });

  it('still takes --password, with a warning that ps shows it', async () => {
    const { header, err } = await subscribeSends(['--password', 'on-the-line']);
    expect(header).toBe(basic('me', 'on-the-line'));
    expect(err).toContain('--password can be read by other users in the process list');
  });
});
