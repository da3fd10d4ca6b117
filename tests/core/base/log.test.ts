/**
 * The core's logger redacts at write time: whatever sink it feeds (stderr, the app's log file, the CLI's --log-file)
 * receives the message and fields with secrets already gone; and the file sink appends one line per entry.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, teeSinks, type LogSink } from '../../../src/core/base/log';
import { openLogFile } from '../../../src/core/base/log-file';

describe('createLogger', () => {
  it('hands every sink the message and fields with secrets redacted', () => {
    const got: string[] = [];
    const sink: LogSink = (level, scope, msg, fields) => void got.push(`${level} ${scope} ${msg} ${JSON.stringify(fields)}`);
    const log = createLogger('t', 'debug', sink).child('sse');
    log.debug('connecting to https://alice:s3cretPassw0rd@ntfy.example/topic?auth=QmFzaWMgYWxpY2U6czNjcmV0', {
      headers: { Authorization: 'Bearer tk_abcdefghijklmnopqrstuvwxyz123' },
      password: 's3cretPassw0rd',
      error: new Error('401 for token=tk_abcdefghijklmnopqrstuvwxyz123'),
    });
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('debug t.sse connecting to https://[redacted]@ntfy.example/topic?auth=[redacted]');
    for (const secret of ['s3cretPassw0rd', 'tk_abcdefghijklmnopqrstuvwxyz123', 'QmFzaWMgYWxpY2U6czNjcmV0']) expect(got[0]).not.toContain(secret);
  });

  it('keeps below-threshold levels out', () => {
    const got: string[] = [];
    const log = createLogger('t', 'info', (level, _s, msg) => void got.push(`${level}:${msg}`));
    log.debug('quiet');
    log.info('heard');
    expect(got).toEqual(['info:heard']);
  });
});

describe('teeSinks', () => {
  it('gives each destination the entries at or above its own level', () => {
    const file: string[] = [];
    const stderr: string[] = [];
    const log = createLogger('app', 'debug', teeSinks({ sink: (l, _s, m) => void file.push(`${l}:${m}`), level: 'info' }, { sink: (l, _s, m) => void stderr.push(`${l}:${m}`), level: 'warn' }));
    log.debug('d');
    log.info('i');
    log.warn('w');
    expect(file).toEqual(['info:i', 'warn:w']);
    expect(stderr).toEqual(['warn:w']);
  });
});

describe('openLogFile', () => {
  it('appends one timestamped, redacted line per entry to the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-log-'));
    try {
      const file = join(dir, 'sub', 'herald.log');
      const out = openLogFile(file, () => new Date('2026-12-07T10:00:00.000Z'));
      const log = createLogger('cli', 'debug', out.sink);
      log.info('hello', { n: 1 });
      log.warn('with Authorization: Basic YWxpY2U6aHVudGVyMg==');
      out.close();
      expect(readFileSync(file, 'utf8')).toBe('2026-12-07T10:00:00.000Z [info] cli: hello {"n":1}\n2026-12-07T10:00:00.000Z [warn] cli: with Authorization: [redacted]\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
