/**
 * The app:// handler as an attacker sees it: hostile URLs (traversal, encoded dots and slashes, NUL, other hosts,
 * symlinks leading out, a sibling folder sharing the prefix) get 404 and never a byte from outside out/renderer.
 * Real files in a temporary folder. Plus the exact CSP, in main and in the page.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { calls } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
const { createAppProtocolHandler, registerAppScheme } = await import('../../src/main/app-protocol');
const { RENDERER_CSP, RENDERER_CSP_HEADER } = await import('../../src/main/app-origin');

const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

let dir = '';
let root = '';
let handler: (r: Request) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-protocol-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ours</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("ours")');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET outside the bundle');
  mkdirSync(join(dir, 'renderer2'));
  writeFileSync(join(dir, 'renderer2', 'index.html'), 'TOP-SECRET sibling folder');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'leak.txt'));
  symlinkSync(dir, join(root, 'up'));
  handler = createAppProtocolHandler(root);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = async (url: string, method = 'GET') => {
  // Only url and method are read; a plain object also carries URLs that `new Request` itself refuses.
  const res = await handler({ url, method } as Request);
  return { status: res.status, text: await res.text(), headers: res.headers };
};

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme', () => {
    registerAppScheme();
    expect(calls('protocol.registerSchemesAsPrivileged').map((r) => r.schemes)).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });

  it('serves the bundle with its type, nosniff and the CSP header', async () => {
    const page = await get('app://herald/index.html');
    expect(page).toMatchObject({ status: 200, text: '<!doctype html><title>ours</title>' });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(`${EXPECTED_CSP}; frame-ancestors 'none'`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('app://herald/')).text).toContain('ours');
    expect((await get('app://herald/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses every hostile path with 404 and nothing from outside the bundle', async () => {
    const hostile = [
      'app://herald/../secret.txt',
      'app://herald/assets/../../secret.txt',
      'app://herald/%2e%2e/secret.txt',
      'app://herald/%2E%2E%2Fsecret.txt',
      'app://herald/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://herald/..%2fsecret.txt',
      'app://herald/..%5csecret.txt',
      'app://herald/..\\secret.txt',
      'app://herald/index.html%00.js',
      'app://herald/assets/leak.txt',
      'app://herald/up/secret.txt',
      'app://herald/up/renderer2/index.html',
      'app://herald/../renderer2/index.html',
      'app://herald/assets',
      'app://herald/missing.js',
      'app://evil/index.html',
      'app://herald.evil/index.html',
      'app://herald:1234/index.html',
      'app://user@herald/index.html',
      'file:///etc/passwd',
      `app://herald/${join(dir, 'secret.txt')}`,
      'app://herald/%',
    ];
    for (const url of hostile) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.text, url).not.toContain('TOP-SECRET');
    }
    expect((await get('app://herald/index.html', 'POST')).status).toBe(405);
  });

  it('has exactly the CSP the issue asks for, in main and in the page (meta)', () => {
    expect(RENDERER_CSP).toBe(EXPECTED_CSP);
    expect(RENDERER_CSP_HEADER).toBe(`${EXPECTED_CSP}; frame-ancestors 'none'`);
    const html = readFileSync(resolve(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(EXPECTED_CSP);
  });
});
