/**
 * No secret reaches a log. The flows that handle tokens, passwords and keys run with logging at the most verbose
 * level into files — the `herald` command as a real child process (`--verbose --log-file`) and the core's logger
 * in-process — against the reference server with `--token` and the real ntfy with a user, a token and a wrong
 * password, test-connection and a sender's http action with an Authorization header included; then every file is searched for every secret used: raw, as base64 of user:password, URL-encoded.
 * The logs are checked to hold the requests themselves (with their Authorization headers, redacted), so the search
 * would find a secret if redaction missed it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeraldClient } from '../../src/core/client';
import { createLogger } from '../../src/core/base/log';
import { openLogFile } from '../../src/core/base/log-file';
import { MemoryStore } from '../../src/core/store';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { runHerald, startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { waitFor } from '../helpers/wait';

const hex = (n: number): string => randomBytes(n).toString('hex');
const SERVER_TOKEN = `srv-${hex(12)}`;
const WRONG_TOKEN = `wrong-${hex(12)}`;
const PASSWORD = `pw:${hex(8)}&/+ü`;
const WRONG_PASSWORD = `nope-${hex(8)}`;
const URL_PASSWORD = `urlpw${hex(8)}`;
const ACTION_TOKEN = `act-${hex(12)}`;

let dir: string;
let ntfy: NtfyServer | undefined;
const procs: CliProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-secret-logs-'));
});
afterAll(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await ntfy?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every form a secret could take in a log line. */
function forms(secret: string, user?: string): string[] {
  const out = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
  if (user) out.push(Buffer.from(`${user}:${secret}`).toString('base64'), Buffer.from(`${user}:${secret}`).toString('base64url'));
  return out;
}

function logText(): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

const verbose = (name: string): string[] => ['--verbose', '--log-file', join(dir, `${name}.log`)];

/** Run `herald subscribe` until its connection line says it connected or failed, then stop it. */
async function subscribeOnce(name: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  const sub = startCli(['subscribe', '--data-dir', join(dir, `data-${name}`), ...verbose(name), ...args], { env: { LANG: 'C', ...env } });
  procs.push(sub);
  // A refused credential ends subscribe with its one line ("does not allow these credentials", status 3).
  await sub.line(/connected \(|failed|disconnected|refused the credentials|does not allow these credentials/, { stream: 'err' });
  await sub.stop();
}

describe('no secret reaches a log', () => {
  it('herald serve, publish, subscribe and act with a token, ntfy with a user, a token and a wrong password, and a URL with user info', async () => {
    const serve = await startServeProcess(['--token', SERVER_TOKEN, ...verbose('serve')]);
    procs.push(serve.proc);
    expect((await runHerald(['publish', '--server', serve.url, '--token', SERVER_TOKEN, '--title', 'hi', ...verbose('publish')])).code).toBe(0);
    expect((await runHerald(['publish', '--server', serve.url, '--token', WRONG_TOKEN, '--title', 'no', ...verbose('publish-wrong')])).code).toBe(3); // refused credentials (herald publish --help)
    await subscribeOnce('herald', ['--server', serve.url, '--token', SERVER_TOKEN, '--transport', 'sse']);
    await subscribeOnce('herald-wrong', ['--server', serve.url, '--transport', 'sse'], { HERALD_TOKEN: WRONG_TOKEN });
    const url = new URL(serve.url);
    await subscribeOnce('userinfo', ['--server', `http://bob:${URL_PASSWORD}@${url.host}`, '--transport', 'sse']);
    expect((await runHerald(['act', 'like', '--item', '1', '--server', serve.url, '--token', SERVER_TOKEN, '--data-dir', join(dir, 'data-act'), ...verbose('act')])).code).toBe(0);

    ntfy = await startNtfy({ users: [{ name: 'alice', password: PASSWORD, access: { alerts: 'read-write' } }] });
    const ntfyToken = ntfy.addToken('alice');
    await subscribeOnce('ntfy-user', ['--source', 'ntfy', '--server', ntfy.url, '--channel', 'alerts', '--user', 'alice', '--transport', 'sse'], { HERALD_PASSWORD: PASSWORD });
    await subscribeOnce('ntfy-wrong', ['--source', 'ntfy', '--server', ntfy.url, '--channel', 'alerts', '--user', 'alice', '--transport', 'sse'], { HERALD_PASSWORD: WRONG_PASSWORD });
    await subscribeOnce('ntfy-token', ['--source', 'ntfy', '--server', ntfy.url, '--channel', 'alerts', '--token', ntfyToken, '--transport', 'sse']);
    await serve.proc.stop();

    // In-process: the core's logger at debug into a file, the same flows through the client.
    const file = openLogFile(join(dir, 'core.log'));
    const client = createHeraldClient({
      sources: [
        { id: 'n', kind: 'ntfy', url: ntfy.url, channels: ['alerts'], username: 'alice', password: PASSWORD },
        { id: 't', kind: 'ntfy', url: ntfy.url, channels: ['alerts'], token: ntfyToken },
        { id: 'w', kind: 'ntfy', url: ntfy.url, channels: ['alerts'], username: 'alice', password: WRONG_PASSWORD },
      ],
      store: new MemoryStore(),
      inboxStore: null,
      transport: 'sse',
      logger: createLogger('core', 'debug', file.sink),
    });
    const states = new Set<string>();
    client.onDidChangeConnection((s) => s.sources.forEach((x) => states.add(`${x.id}:${x.state.kind}`)));
    // A sender's http action with an Authorization header, run through the outbox to a real endpoint.
    const seen: string[] = [];
    const hook: Server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}`;
    client.start();
    // A real server on a shared CI machine: the deadline of the suite's other real-server waits, and what each source
    // went through in the error if it passes.
    await waitFor(() => states.has('n:open') && states.has('t:open') && [...states].some((s) => /^w:(backoff|failed)$/.test(s)), {
      timeoutMs: 20_000,
      message: 'the three ntfy sources to connect or fail',
    }).catch((err: Error) => {
      const now = client.connection().sources.map((x) => `${x.id}:${JSON.stringify(x.state)}`);
      throw new Error(`${err.message}; states seen: ${[...states].join(' ')}; now: ${now.join(' ')}`);
    });
    await ntfy.publish('alerts', 'door', { Title: 'Door', Actions: `http, Open, ${hookUrl}/door, method=POST, headers.Authorization=Bearer ${ACTION_TOKEN}` });
    const item = await waitFor(() => client.items().find((i) => i.title === 'Door' && i.key.startsWith('n/')), { message: 'the item with an http action' });
    client.act('n', { type: 'run_action', itemId: item.itemId, index: 0 });
    await waitFor(() => seen.length > 0 && client.outboxEntries().length === 0, { message: 'the http action sent' });
    expect(seen[0]).toBe(`Bearer ${ACTION_TOKEN}`);
    hook.close();
    // Test connection (the settings page's button), with the right and a wrong password.
    const tried = async (password: string) => (await client.testSource({ id: 'try', kind: 'ntfy', url: ntfy!.url, channels: ['alerts'], username: 'alice', password })).ok;
    expect(await tried(PASSWORD)).toBe(true);
    expect(await tried(WRONG_PASSWORD)).toBe(false);
    await client.stop();
    file.close();

    const text = logText();
    // The requests with their credentials did reach the logger: only redaction keeps them out of the files.
    expect(text).toContain('Authorization');
    expect(text.match(/sse request/g)?.length ?? 0).toBeGreaterThanOrEqual(9);
    expect(text).toContain('[redacted]');
    const secrets = [...forms(SERVER_TOKEN), ...forms(WRONG_TOKEN), ...forms(ntfyToken), ...forms(PASSWORD, 'alice'), ...forms(WRONG_PASSWORD, 'alice'), ...forms(URL_PASSWORD, 'bob'), ...forms(ACTION_TOKEN)];
    expect(text).toContain('sending a sender’s http action');
    for (const s of secrets) expect(text.includes(s), `a secret (${s.slice(0, 4)}…) in the logs`).toBe(false);
    expect(existsSync(join(dir, 'serve.log'))).toBe(true);
  }, 90_000);

  it('end-to-end keys: keygen, publish --encrypt and subscribe with a key file or HERALD_KEY, for Herald and ntfy', async () => {
    const key = (await runHerald(['keygen'])).out.trim();
    const topicPassword = `topic-${hex(10)}`;
    const keyFile = join(dir, 'e2e.key');
    writeFileSync(keyFile, `${key}\n`);
    const serve = await startServeProcess([]);
    procs.push(serve.proc);
    expect((await runHerald(['publish', '--server', serve.url, '--encrypt', '--key-file', keyFile, '--title', 'sealed', ...verbose('e2e-publish')])).code).toBe(0);
    await subscribeOnce('e2e-herald', ['--server', serve.url, '--key-file', keyFile, '--transport', 'sse']);
    await subscribeOnce('e2e-herald-env', ['--server', serve.url, '--transport', 'sse'], { HERALD_KEY: key });
    await serve.proc.stop();
    // A server of its own, open to anyone like a public ntfy (the first test's requires a user for every topic).
    const open = await startNtfy();
    try {
      await subscribeOnce('e2e-ntfy', ['--source', 'ntfy', '--server', open.url, '--channel', 'vault', '--transport', 'sse'], { HERALD_KEY: topicPassword });
    } finally {
      await open.stop();
    }

    const text = readdirSync(dir)
      .filter((f) => f.startsWith('e2e-') && f.endsWith('.log'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    // The sources (with their keys) were logged at debug: only redaction keeps the keys out.
    expect(text).toContain('e2eKeys');
    for (const s of [...forms(key), ...forms(key.split('.')[2]!), ...forms(topicPassword)]) expect(text.includes(s), `a key (${s.slice(0, 4)}…) in the logs`).toBe(false);
  }, 90_000);
});
