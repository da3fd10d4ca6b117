/**
 * `herald subscribe --rules FILE` against the real ntfy (issue 25's acceptance): the rules file docs/RULES.md shows,
 * docs/examples/ci-rules.json — "CI failures from topic ci pop up with the urgent sound, everything else from ci only
 * in a 30-minute digest". As child processes: --json carries each event's decision; text output prints a failure
 * with the rule that matched and keeps the rest for the digest; a bad file is refused naming the rule, in English
 * and Chinese. In-process on a hand-driven clock: the digest is one line when due, also across a restart.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { startCli, jsonEvents, runHerald, type CliProcess } from '../support/cli-process';
import { ManualClock } from '../helpers/manual-clock';
import { DIGEST_SAVE_MS } from '../../src/core/notify/digests';
import { waitFor } from '../helpers/wait';
import { runCli } from './run-cli';

const EXAMPLE = resolve(import.meta.dirname, '../../docs/examples/ci-rules.json');
const MINUTE = 60_000;

let dir: string;
let server: NtfyServer;
const procs: CliProcess[] = [];

beforeAll(async () => {
  server = await startNtfy();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-rules-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

function subscribe(extra: string[]): CliProcess {
  const sub = startCli(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'ci', '--rules', EXAMPLE, '--data-dir', join(dir, 'data'), ...extra]);
  procs.push(sub);
  return sub;
}

async function publishCi(): Promise<void> {
  await server.publish('ci', 'main, 3 tests', { Title: 'Build 7 failed' });
  await server.publish('ci', 'main', { Title: 'Build 8 passed' });
  await server.publish('ci', 'all runners offline', { Title: 'Runner pool down', Priority: '5' });
}

describe('herald subscribe --rules', () => {
  it('--json: each notification carries what the rules decided', { timeout: 60_000 }, async () => {
    const sub = subscribe(['--json']);
    await sub.line('connected', { stream: 'err', timeoutMs: 20_000 });
    await publishCi();
    await waitFor(() => jsonEvents(sub.out).length >= 3 || undefined, { timeoutMs: 20_000, message: 'three events printed' });
    const decisions = jsonEvents(sub.out).map((e) => [e.data.title, (e as { decision?: unknown }).decision]);
    expect(decisions).toEqual([
      ['Build 7 failed', expect.objectContaining({ toast: true, decidedBy: 'profile_toast', sound: 'urgent', rules: [{ index: 0, id: 'ci-failures', name: 'CI failures' }] })],
      ['Build 8 passed', expect.objectContaining({ toast: false, decidedBy: 'digest', digest: { owner: { kind: 'rule', id: 'ci-digest' }, dueAt: expect.any(Number) } })],
      ['Runner pool down', expect.objectContaining({ toast: true, decidedBy: 'profile_toast', sound: 'urgent', rules: [{ index: 1, id: 'ci-digest', name: 'ci-builds' }] })],
    ]);
  });

  it('text: a failure is printed with the rule that matched; the rest waits for the digest', { timeout: 60_000 }, async () => {
    const sub = subscribe([]);
    await sub.line('connected', { stream: 'err', timeoutMs: 20_000 });
    await publishCi();
    await sub.line('Runner pool down', { timeoutMs: 20_000 });
    const text = sub.out.join('\n');
    expect(text).toContain('Build 7 failed');
    expect(text).toContain('[rule: CI failures · notifies · urgent sound]');
    expect(text).not.toContain('Build 8 passed');
  });

  it('a rule that adds local tags and routes to a view: --json says so beside the decision, text names them', { timeout: 60_000 }, async () => {
    const file = join(dir, 'tag.json');
    const rule = { id: 'ci-tag', name: 'Tag CI', scope: { kind: 'global' }, match: { channel: 'ci' }, actions: { addTags: ['build', 'ci-run'], view: 'view-ci' }, continue: false };
    writeFileSync(file, JSON.stringify({ rules: [rule] }));
    const args = (extra: string[]) => ['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'ci', '--rules', file, '--data-dir', join(dir, extra.length > 0 ? 'json' : 'text'), ...extra];
    const json = startCli(args(['--json']));
    const text = startCli(args([]));
    procs.push(json, text);
    await json.line('connected', { stream: 'err', timeoutMs: 20_000 });
    await text.line('connected', { stream: 'err', timeoutMs: 20_000 });
    // The publisher's own tag "build" is not added twice.
    await server.publish('ci', 'main', { Title: 'Build 9 passed', Tags: 'build' });
    await waitFor(() => jsonEvents(json.out).length >= 1 || undefined, { timeoutMs: 20_000, message: 'the event printed' });
    expect((jsonEvents(json.out)[0] as { local?: unknown }).local).toEqual({ tags: ['ci-run'], view: 'view-ci' });
    await text.line('Tag CI', { timeoutMs: 20_000 });
    expect(text.out.join('\n')).toContain('[rule: Tag CI · notifies · no sound · tags +ci-run · view view-ci]');
  });

  it('a bad rules file is refused before connecting, naming the rule and the field (English and Chinese)', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ id: 'a', name: 'fine' }, { id: 'b', name: 'Deploys', actions: { sound: 'loud' } }] }));
    const en = await runHerald(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'ci', '--rules', bad, '--data-dir', join(dir, 'd1')]);
    expect(en.code).toBe(2);
    expect(en.err).toContain(`--rules ${bad}: rule 2 ("Deploys"), actions.sound: must be "none", "default" or "urgent"`);
    const zh = await runHerald(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'ci', '--rules', bad, '--data-dir', join(dir, 'd2')], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(2);
    expect(zh.err).toContain(`--rules ${bad}：第 2 条规则（“Deploys”），actions.sound：必须是 "none"、"default" 或 "urgent"`);
    writeFileSync(bad, '{ not json');
    expect((await runHerald(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'ci', '--rules', bad])).err).toContain('is not JSON');
  });

  it('a digest is one line when due, and a restart in the middle keeps what was collected', { timeout: 60_000 }, async () => {
    const clock = new ManualClock(Date.now());
    const args = ['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'ci', '--rules', EXAMPLE, '--data-dir', join(dir, 'data')];
    const first = runCli(args, {}, { clock });
    await waitFor(() => first.err.some((l) => l.includes('connected')) || undefined, { timeoutMs: 20_000, message: 'first run connected' });
    await server.publish('ci', 'b', { Title: 'Build 10 passed' });
    await server.publish('ci', 'b', { Title: 'Build 11 passed' });
    await server.publish('ci', 'b', { Title: 'Build 12 failed' });
    await waitFor(() => first.out.some((l) => l.includes('Build 12 failed')) || undefined, { timeoutMs: 20_000, message: 'the failure printed' });
    clock.advance(10 * MINUTE);
    first.stop();
    expect(await first.done).toBe(0);
    expect(first.out.join('\n')).not.toMatch(/passed|new in/);

    const second = runCli(args, {}, { clock });
    await waitFor(() => second.err.some((l) => l.includes('connected')) || undefined, { timeoutMs: 20_000, message: 'second run connected' });
    await server.publish('ci', 'b', { Title: 'Build 13 passed' });
    // Text output prints nothing for a collected item: the saved digest is what says it arrived.
    await waitFor(() => digestCount(join(dir, 'data')) === 3 || undefined, { timeoutMs: 20_000, message: 'the third item collected' });
    clock.advance(20 * MINUTE - 1);
    expect(second.out).toEqual([]);
    clock.advance(1);
    expect(second.out).toEqual(['3 new in ci-builds — Build 13 passed']);
    expect(first.out.join('\n')).not.toContain('new in');
    second.stop();
    expect(await second.done).toBe(0);
  });
});

describe('herald subscribe --rules: a per-source digest', () => {
  it('collects everything of the source named with --id, and says so in one line', { timeout: 60_000 }, async () => {
    const file = join(dir, 'team.json');
    writeFileSync(file, JSON.stringify({ rules: [], digests: { team: { minutes: 5 } } }));
    const clock = new ManualClock(Date.now());
    const run = runCli(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'team', '--id', 'team', '--rules', file, '--data-dir', join(dir, 'team')], {}, { clock });
    await waitFor(() => run.err.some((l) => l.includes('connected')) || undefined, { timeoutMs: 20_000, message: 'connected' });
    await server.publish('team', 'x', { Title: 'Lunch' });
    await waitFor(() => digestCount(join(dir, 'team')) === 1 || undefined, { timeoutMs: 20_000, message: 'the first collected' });
    // The saved digest is written at most every DIGEST_SAVE_MS (a flood must not write once per message): the second
    // item is written at once only when that much time has passed since the first.
    clock.advance(DIGEST_SAVE_MS);
    await server.publish('team', 'x', { Title: 'Standup moved' });
    await waitFor(() => digestCount(join(dir, 'team')) === 2 || undefined, { timeoutMs: 20_000, message: 'both collected' });
    clock.advance(5 * MINUTE - DIGEST_SAVE_MS - 1);
    expect(run.out).toEqual([]);
    clock.advance(1);
    expect(run.out).toEqual(['2 new in team — Standup moved']);
    run.stop();
    expect(await run.done).toBe(0);
  });

  it('collects a message it cannot open like any other (text and --json decide alike), and the digest line says it is encrypted', { timeout: 60_000 }, async () => {
    const file = join(dir, 'vault.json');
    writeFileSync(file, JSON.stringify({ rules: [], digests: { vault: { minutes: 5 } } }));
    const keyFile = join(dir, 'topic-password');
    writeFileSync(keyFile, 'correct horse\n', { mode: 0o600 });
    const clock = new ManualClock(Date.now());
    const run = runCli(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', 'vault', '--id', 'vault', '--rules', file, '--data-dir', join(dir, 'vault')], { LANG: 'C' }, { clock });
    await waitFor(() => run.err.some((l) => l.includes('connected')) || undefined, { timeoutMs: 20_000, message: 'connected' });
    const published = await runHerald(['publish', '--source', 'ntfy', '--server', server.url, '--channel', 'vault', '--encrypt', '--key-file', keyFile, '--title', 'Door opened']);
    expect(published.code, published.err).toBe(0);
    // No key here: a stderr line says so, and the digest still collects it, as --json's decision says it would.
    await waitFor(() => digestCount(join(dir, 'vault')) === 1 || undefined, { timeoutMs: 20_000, message: 'the sealed message collected' });
    clock.advance(5 * MINUTE);
    expect(run.out).toHaveLength(1);
    expect(run.out).toEqual(['1 new in vault — an encrypted message']);
    run.stop();
    expect(await run.done).toBe(0);
  });
});

/** How many items the data directory's pending digest holds (0: none yet). */
function digestCount(dataDir: string): number {
  try {
    const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as { pendingDigests?: Array<{ count: number }> };
    return state.pendingDigests?.[0]?.count ?? 0;
  } catch {
    return 0;
  }
}
