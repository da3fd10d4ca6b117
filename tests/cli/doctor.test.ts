/**
 * `herald doctor` as a user runs it (a real child process) against real servers and real network faults: a healthy
 * `herald serve`, a port nobody listens on, a proxy that buffers the event stream (tests/support/chaos-proxy.ts), a
 * wrong token, a server whose clock is an hour off, an https server with a self-signed certificate, and the real
 * ntfy server. Each outcome has its own documented
 * exit status (src/cli/commands/doctor.ts HELP, README "herald doctor") and says what is wrong in words.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosProxy } from '../support/chaos-proxy';
import { runHerald, startServeProcess, type CliProcess } from '../support/cli-process';
import { freePort } from '../support/free-port';
import { checkNtfyInstalled, startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { DOCTOR_STATUS } from '../../src/cli/commands/doctor';

const procs: CliProcess[] = [];
let proxy: ChaosProxy | undefined;
let ntfy: NtfyServer | undefined;
let frontServer: Server | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await ntfy?.stop();
  ntfy = undefined;
  await new Promise<void>((r) => (frontServer ? frontServer.close(() => r()) : r()));
  frontServer = undefined;
  await Promise.all(procs.splice(0).map((p) => p.kill()));
});

async function serve(args: string[] = []): Promise<{ url: string; port: number }> {
  const s = await startServeProcess(['--keepalive', '0.3', ...args]);
  procs.push(s.proc);
  return s;
}

it('a healthy server: every transport works, exit 0', { timeout: 60_000 }, async () => {
  const { url } = await serve();
  const r = await runHerald(['doctor', '--server', url, '--wait', '10']);
  expect(r.out).toMatch(/ok: SSE works/);
  expect(r.out).toMatch(/ok: long-poll works/);
  expect(r.out).toMatch(/ok: poll works/);
  expect(r.out).toMatch(/clock agrees/);
  expect(r.out).not.toMatch(/PROBLEM/);
  expect(r.code, r.out + r.err).toBe(DOCTOR_STATUS.healthy);
});

it('a refused port: unreachable, in words (English and Chinese), exit 3', { timeout: 30_000 }, async () => {
  const port = await freePort();
  const r = await runHerald(['doctor', '--server', `http://127.0.0.1:${port}`]);
  expect(r.out).toContain(`nothing is listening at 127.0.0.1:${port} (connection refused)`);
  expect(r.code).toBe(DOCTOR_STATUS.unreachable);
  const zh = await runHerald(['doctor', '--server', `http://127.0.0.1:${port}`], { LANG: 'zh_CN.UTF-8' });
  expect(zh.out).toContain('连接被拒绝');
  expect(zh.err).toContain('退出状态 3');
  expect(zh.code).toBe(DOCTOR_STATUS.unreachable);
});

it('a wrong token: credentials refused, exit 5', { timeout: 30_000 }, async () => {
  const { url } = await serve(['--token', 'right-token']);
  const r = await runHerald(['doctor', '--server', url, '--token', 'wrong-token', '--wait', '10']);
  expect(r.out).toMatch(/the server refused the credentials \(HTTP 401\)/);
  expect(r.out + r.err).not.toContain('wrong-token');
  expect(r.code).toBe(DOCTOR_STATUS.auth);
  // The right one passes: the status is about the token, not the server.
  expect((await runHerald(['doctor', '--server', url, '--token', 'right-token', '--wait', '10'])).code).toBe(DOCTOR_STATUS.healthy);
});

it('behind a proxy that buffers the event stream: streaming held back, the other transports work, exit 6', { timeout: 60_000 }, async () => {
  const { port } = await serve();
  proxy = await ChaosProxy.start(port);
  proxy.buffer(true);
  const r = await runHerald(['doctor', '--server', proxy.url, '--wait', '10']);
  expect(r.out).toMatch(/PROBLEM: SSE (is held back|arrives in late bursts)/);
  expect(r.out).toMatch(/ok: long-poll works/);
  expect(r.out).toMatch(/ok: poll works/);
  expect(r.code, r.out + r.err).toBe(DOCTOR_STATUS.streaming);
});

it('behind a proxy that passes nothing of a stream until 16 KiB are held: streaming blocked, exit 6', { timeout: 60_000 }, async () => {
  const { port } = await serve();
  proxy = await ChaosProxy.start(port, { passFirst: 0, flushEvery: 16 * 1024 });
  proxy.buffer(true);
  const r = await runHerald(['doctor', '--server', proxy.url, '--wait', '3']);
  expect(r.out).toMatch(/PROBLEM: SSE got no answer in 3 s/);
  expect(r.code, r.out + r.err).toBe(DOCTOR_STATUS.streaming);
});

it("a server whose clock is an hour ahead: clock skew, exit 7", { timeout: 60_000 }, async () => {
  const { port } = await serve();
  // A real HTTP proxy in front of the real server that only rewrites the Date header, as a server with a wrong clock sends.
  frontServer = createServer((req, res) => {
    const up = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, date: new Date(Date.now() + 3600_000).toUTCString() });
      upRes.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => frontServer!.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(frontServer.address() as { port: number }).port}`;
  const r = await runHerald(['doctor', '--server', url, '--wait', '10']);
  expect(r.out).toMatch(/clock is 3\d\d\d s behind the server's/);
  expect(r.code, r.out + r.err).toBe(DOCTOR_STATUS.clock);
});

it('the real ntfy server, healthy: exit 0', { timeout: 60_000 }, async () => {
  checkNtfyInstalled();
  ntfy = await startNtfy({ cacheFile: false });
  const r = await runHerald(['doctor', '--server', ntfy.url, '--source', 'ntfy', '--channel', 'alerts', '--wait', '8']);
  expect(r.out).toMatch(/ok: SSE works/);
  expect(r.out).toMatch(/ok: poll works/);
  expect(r.code, r.out + r.err).toBe(DOCTOR_STATUS.healthy);
});

it('https with a self-signed certificate: untrusted, then (trusted, but for another name) wrong name; exit 4', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-doctor-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=herald.test', '-addext', 'subjectAltName=DNS:herald.test'], { stdio: 'ignore' });
    frontServer = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('hello'));
    await new Promise<void>((r) => frontServer!.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(frontServer.address() as { port: number }).port}`;

    const untrusted = await runHerald(['doctor', '--server', url]);
    expect(untrusted.out).toContain('is not signed by an authority this computer trusts');
    expect(untrusted.code).toBe(DOCTOR_STATUS.tls);
    // Trusted now, but it names herald.test, not 127.0.0.1.
    const wrongName = await runHerald(['doctor', '--server', url], { NODE_EXTRA_CA_CERTS: cert });
    expect(wrongName.out).toContain('the TLS certificate does not name 127.0.0.1');
    expect(wrongName.code).toBe(DOCTOR_STATUS.tls);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
