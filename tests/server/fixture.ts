/** Shared set-up for server tests: start servers on 127.0.0.1:0, and close them (and open streams) after each test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer, ServerOptions } from '../../src/server/index';
import { startServer } from '../../src/server/index';
import { SseReader } from '../helpers/sse-reader';

const servers: RunningServer[] = [];
const readers: SseReader[] = [];
const dirs: string[] = [];

export async function serve(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-server-'));
  dirs.push(dir);
  return dir;
}

/** Open /events and return a frame reader (closed after the test). */
export async function subscribe(server: RunningServer, query = '', headers: Record<string, string> = {}): Promise<SseReader> {
  const res = await fetch(`${server.url}/events${query}`, { headers: { accept: 'text/event-stream', ...headers } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = new SseReader(res);
  readers.push(reader);
  return reader;
}

export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  return getJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function action(server: RunningServer, key: string, body: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  return postJson(`${server.url}/actions`, body, { 'idempotency-key': key });
}

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
