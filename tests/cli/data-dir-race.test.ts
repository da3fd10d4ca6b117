/**
 * `herald act` racing a subscriber's start and stop on one data dir, as real processes against a real `herald serve`:
 * each round starts a subscriber and queues an action at the same instant, then stops the subscriber the moment
 * `act` returns — by SIGTERM, or by SIGKILL (in the middle of picking the action up, or of sending it). Every action
 * must reach the server exactly once by the end: none lost, none applied twice (the server's comments tell).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemComments, runHerald, serveWithItem, startCli, type CliProcess } from '../support/cli-process';
import { waitFor } from '../helpers/wait';

let dir: string;
const procs: CliProcess[] = [];
const track = (p: CliProcess): CliProcess => (procs.push(p), p);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-race-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

it('20 rounds of `act` while a subscriber starts and is stopped or killed at once: every action applied exactly once', { timeout: 180_000 }, async () => {
  const { proc: server, url, itemId } = await serveWithItem();
  track(server);
  const data = join(dir, 'd');
  const bodies: string[] = [];
  for (let round = 0; round < 20; round++) {
    const sub = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
    const body = `r${round}`;
    bodies.push(body);
    const act = await runHerald(['act', 'comment', '--item', itemId, '--body', body, '--server', url, '--data-dir', data]);
    expect(act.code, act.err).toBe(0);
    if (round % 2 === 0) await sub.kill('SIGKILL');
    else await sub.stop();
  }
  const last = track(startCli(['subscribe', '--server', url, '--data-dir', data]));
  await waitFor(async () => (await itemComments(url, itemId)).length >= bodies.length, { timeoutMs: 30_000, intervalMs: 200, message: 'every comment applied' });
  await last.stop();
  expect((await itemComments(url, itemId)).sort()).toEqual(bodies.sort());
  expect((await runHerald(['outbox', '--data-dir', data])).out).toContain('The outbox is empty');
});
