/**
 * `herald subscribe --rules` on Nchan channels whose names hold a colon (`alerts:prod`, the usual way to namespace
 * them): a rule's `channel` names the whole channel. A rule for `alerts` must not take `alerts:prod`'s messages, and a
 * rule for `alerts:prod` must take them. A real nginx + Nchan, a real `herald subscribe` child, --json decisions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNchan, type NchanServer } from '../support/nchan/nchan-server';
import { jsonEvents, startCli, type CliProcess } from '../support/cli-process';
import { waitFor } from '../helpers/wait';

let nchan: NchanServer;
let dir: string;
const procs: CliProcess[] = [];

beforeAll(async () => {
  nchan = await startNchan();
  dir = mkdtempSync(join(tmpdir(), 'herald-rules-nchan-'));
});
afterAll(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await nchan?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('herald subscribe --rules on Nchan channels with a colon in their name', () => {
  it('a rule names the whole channel: alerts is not alerts:prod', { timeout: 90_000 }, async () => {
    const base = `alerts-${process.pid}`;
    const prod = `${base}:prod`;
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: [
          { id: 'quiet-alerts', name: 'Quiet alerts', match: { channel: base }, actions: { notify: false } },
          { id: 'loud-prod', name: 'Loud prod', match: { channel: prod }, actions: { sound: 'urgent' } },
        ],
      }),
    );
    const sub = startCli(['subscribe', '--source', 'nchan', '--server', nchan.subscribeUrl, '--channel', base, '--channel', prod, '--transport', 'sse', '--json', '--rules', file, '--data-dir', join(dir, 'data')], { env: { LC_ALL: 'C' } });
    procs.push(sub);
    await sub.line(/connected/, { stream: 'err', timeoutMs: 30_000 });
    await nchan.publish(prod, 'prod is down');
    await nchan.publish(base, 'staging note');
    await waitFor(() => jsonEvents(sub.out).length >= 2 || undefined, { timeoutMs: 30_000, message: 'both messages printed' });
    const decisions = Object.fromEntries(jsonEvents(sub.out).map((e) => [e.data.body === '' ? e.data.title : e.data.body, (e as { decision?: { decidedBy: string; rules: Array<{ id: string }> } }).decision]));
    expect(decisions['prod is down']).toMatchObject({ decidedBy: 'profile_toast', sound: 'urgent', rules: [{ id: 'loud-prod' }] });
    expect(decisions['staging note']).toMatchObject({ decidedBy: 'rule_list_only', rules: [{ id: 'quiet-alerts' }] });
  });
});
