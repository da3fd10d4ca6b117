/**
 * What `herald subscribe` writes to stderr about a hostile server's bytes (its warnings, through the logger) reaches a
 * terminal: no control character — C0, or C1 such as U+009B, which terminals read as CSI — and no bidi control from the
 * server may be written raw, whatever field of the stream carries it (here an SSE event name, quoted in the reason
 * for skipping the event).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, jsonEvents, type CliProcess } from '../support/cli-process';
import { notificationFrame, startHostileHerald, type HostileHerald } from '../support/hostile-herald';

let dir: string;
let sub: CliProcess | undefined;
let server: HostileHerald | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-hostile-log-'));
});
afterEach(async () => {
  await sub?.kill();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a warning quoting an event name with C1 and bidi controls writes them escaped, not raw', { timeout: 60_000 }, async () => {
  const hostileName = '\u009b2J\u009b31m\u202Eevil\u2066';
  server = await startHostileHerald({
    keepaliveMs: 120_000,
    onStream: async (s, n) => {
      if (n > 1) return;
      await s.write(notificationFrame(1, 'named badly').replace(/^event: .*$/m, `event: ${hostileName}`));
      await s.write(notificationFrame(2, 'after'));
    },
  });
  sub = startCli(['subscribe', '--server', server.url, '--transport', 'sse', '--json', '--data-dir', join(dir, 'sub')], {
    env: { HERALD_LOG: 'warn', LANG: 'en_US.UTF-8' },
  });
  await sub.line('"after"', { timeoutMs: 20_000 });
  expect(jsonEvents(sub.out).map((e) => e.data.title)).toEqual(['after']);
  const warning = sub.err.find((l) => l.includes('malformed'));
  expect(warning, sub.err.join('\n')).toBeDefined();
  expect(sub.err.join('\n')).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
});
