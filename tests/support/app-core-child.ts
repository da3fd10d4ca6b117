/**
 * The app's connection core as the app runs it (a separate inbox cache file, cursors in the state file, first load
 * of history), without Electron: for crash tests that SIGKILL it at random points. Prints "ready" once open.
 * Usage: node --import tsx tests/support/app-core-child.ts <server url> <data dir>
 */
import { join } from 'node:path';
import { createHeraldClient } from '../../src/core/client';
import { JsonFileStore } from '../../src/core/stores/json-file-store';

const [url, dir] = process.argv.slice(2);
if (!url || !dir) throw new Error('usage: app-core-child <url> <dir>');
const client = createHeraldClient({
  sources: [{ id: 'main', kind: 'herald', url }],
  store: new JsonFileStore(join(dir, 'state.json')),
  inboxStore: new JsonFileStore(join(dir, 'inbox-cache.json')),
  outboxStore: new JsonFileStore(join(dir, 'outbox.json')),
  tuning: { supervisor: { baseDelayMs: 50, maxDelayMs: 500 }, source: { herald: { keepaliveMs: 500 } } },
});
let said = false;
client.onDidChangeConnection((s) => {
  if (!said && s.overall.kind === 'open') {
    said = true;
    process.stdout.write('ready\n');
  }
});
client.start();
process.once('SIGTERM', () => void client.stop().then(() => process.exit(0)));
