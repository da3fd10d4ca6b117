/**
 * The app's log file (src/main/app-log.ts) with the Electron fake's `app`: it lands in `app.getPath('logs')`,
 * takes info and up, redacts what it writes, is owner-only, rotates at its size bound into a fixed number of files,
 * and drops rotated files older than a week at start.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/core/base/log';
import { createAppLog, LOG_ARCHIVES, LOG_KEEP_DAYS } from '../../src/main/app-log';
import { app as fakeApp, fake } from '../support/electron-fake.mjs';

/** The fake's app, typed as the part the log needs. */
const app = fakeApp as unknown as { getPath(name: 'logs'): string };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-app-log-'));
  fake.userData = dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the app log file', () => {
  it('writes info and up to the logs folder, redacted, readable by the owner only', () => {
    const appLog = createAppLog({ app });
    const log = createLogger('herald', 'debug', appLog.sink).child('sse');
    log.debug('not kept at the default level');
    log.info('connecting to https://bob:hunter2hunter2@ntfy.example/alerts', { headers: { Authorization: 'Bearer tk_abcdefghijklmnop' } });
    log.error('failed');
    expect(appLog.file).toBe(join(dir, 'main.log'));
    const text = readFileSync(appLog.file, 'utf8');
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\d [\d:.]+\] \[info\] herald\.sse: connecting to https:\/\/\[redacted\]@ntfy\.example\/alerts \{"headers":\{"Authorization":"\[redacted\]"\}\}\n/);
    expect(text).toContain('[error] herald.sse: failed');
    expect(text).not.toContain('not kept');
    expect(text).not.toMatch(/hunter2|tk_abc/);
    expect(statSync(appLog.file).mode & 0o777).toBe(0o600);
  });

  it('rotates at its size bound and keeps a fixed number of files', () => {
    const appLog = createAppLog({ app, maxBytes: 2000 });
    const log = createLogger('herald', 'info', appLog.sink);
    for (let i = 0; i < 400; i++) log.info(`line ${i} ${'x'.repeat(60)}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log'].slice(0, LOG_ARCHIVES + 1).sort());
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThan(2000 + 200);
    // The newest line is in main.log; the oldest ones fell off the end.
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 399 ');
    expect(files.map((f) => readFileSync(join(dir, f), 'utf8')).join('')).not.toContain('line 0 ');
  });

  it('gives the last lines of the current file for a diagnostics export', () => {
    const appLog = createAppLog({ app });
    expect(appLog.recentLines(5)).toEqual([]);
    const log = createLogger('herald', 'info', appLog.sink);
    for (let i = 0; i < 3000; i++) log.info(`line ${i} ${'z'.repeat(40)}`);
    const last = appLog.recentLines(3);
    expect(last).toHaveLength(3);
    expect(last.map((l) => / line (\d+) /.exec(l)?.[1])).toEqual(['2997', '2998', '2999']);
    // Never a cut line, even when asked for more than the tail holds.
    for (const l of appLog.recentLines(10_000)) expect(l).toMatch(/^\[\d{4}-.*\[info\] herald: line \d+ z{40}$/);
  });

  it('removes rotated files older than a week at start', () => {
    const now = Date.UTC(2026, 11, 7);
    const old = join(dir, 'main.2.log');
    const recent = join(dir, 'main.1.log');
    writeFileSync(old, 'old\n');
    writeFileSync(recent, 'recent\n');
    utimesSync(old, new Date(now - (LOG_KEEP_DAYS + 1) * 86_400_000), new Date(now - (LOG_KEEP_DAYS + 1) * 86_400_000));
    utimesSync(recent, new Date(now - 86_400_000), new Date(now - 86_400_000));
    createAppLog({ app, now: () => now });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
