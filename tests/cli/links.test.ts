import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index';
import { parseDeepLink } from '../../src/shared/deep-link';
import { waitFor } from '../helpers/wait';
import { runCli } from './run-cli';

/** Subscribe, and once connected publish two events (a subscriber starts from now). */
async function subscribeAndPublish(args: string[]) {
  const run = runCli(['subscribe', '--server', server.url, ...args, '--exit-after', '2']);
  await waitFor(() => run.err.some((l) => l.includes('connected')), { message: 'subscriber connected' });
  const a = server.publish({ title: 'Deploy done', body: 'all green' });
  const b = server.publish({ type: 'system', title: 'Maintenance', level: 'warning' });
  expect(await run.done).toBe(0);
  return { out: run.out, ids: [a.id, b.id] };
}

let server: RunningServer;
let dir: string;

beforeEach(async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, testHooks: true });
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-links-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('herald subscribe --links', () => {
  it('prints a herald://open link for each notification, as text and as a JSON field', async () => {
    const text = await subscribeAndPublish(['--id', 'team', '--links', '--data-dir', join(dir, 'text')]);
    const [a, b] = text.ids;
    const links = text.out.join('\n').split('\n').filter((l) => l.trim().startsWith('herald://')).map((l) => parseDeepLink(l.trim()));
    expect(links).toEqual([
      { kind: 'open', sourceId: 'team', itemId: a },
      { kind: 'open', sourceId: 'team', itemId: b },
    ]);

    const json = await subscribeAndPublish(['--id', 'team', '--links', '--json', '--data-dir', join(dir, 'json')]);
    expect(json.out.map((l) => parseDeepLink((JSON.parse(l) as { link: string }).link))).toEqual(json.ids.map((itemId) => ({ kind: 'open', sourceId: 'team', itemId })));

    const plain = await subscribeAndPublish(['--json', '--data-dir', join(dir, 'plain')]);
    expect(JSON.parse(plain.out[0]!)).not.toHaveProperty('link');
  });
});
