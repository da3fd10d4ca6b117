/**
 * The app's electron-store outbox keeps the CLI's promises (issue 26): a damaged outbox.json is kept aside, every
 * whole record is recovered and the kept file is told on every start until removed; an action queued by a real
 * `herald act` on the app's folder while the app runs is adopted, and nothing the app keeps erases it; while the app
 * runs, `herald subscribe` on its folder is refused.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHerald } from '../../support/cli-process';
import { waitFor } from '../../helpers/wait';
import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

const { openStore, openOutboxHandover } = await import('../../../src/main/settings/electron-stores');
const { Outbox } = await import('../../../src/core/outbox/outbox');

const noSend = () => Promise.resolve({ ok: false, status: 0, body: null });

describe("the app's outbox store", () => {
  beforeEach(() => {
    resetElectron();
    fake.userData = mkdtempSync(join(tmpdir(), 'herald-app-outbox-'));
  });
  afterEach(() => rmSync(fake.userData, { recursive: true, force: true }));

  it('a half-written outbox.json: whole records recovered, the file kept and told on every start until removed', () => {
    const entry = (key: string) => ({ key, sourceId: 's', action: { type: 'like', itemId: key }, createdAt: 1, state: { kind: 'pending', attempts: 0 } });
    const text = JSON.stringify({ version: 2, entries: [entry('a'), entry('b'), entry('c')] }, null, '\t');
    writeFileSync(join(fake.userData, 'outbox.json'), text.slice(0, text.indexOf('"c"') + 3));

    const first = new Outbox({ store: openStore({ name: 'outbox' }).store, send: noSend });
    expect(first.entries().map((e) => e.key)).toEqual(['a', 'b']);
    first.dispose();
    const kept = readdirSync(fake.userData).filter((n) => n.startsWith('outbox.json.corrupt-'));
    expect(kept).toHaveLength(1);
    const again = new Outbox({ store: openStore({ name: 'outbox' }).store, send: noSend });
    expect(again.entries().map((e) => e.key)).toEqual(['a', 'b']);
    expect(again.notices()).toEqual([expect.objectContaining({ code: 'store_corrupt', path: join(fake.userData, kept[0]!) })]);
    again.dispose();
    rmSync(join(fake.userData, kept[0]!));
    const clean = new Outbox({ store: openStore({ name: 'outbox' }).store, send: noSend });
    expect(clean.notices()).toEqual([]);
    clean.dispose();
  });

  it('`herald act` on the app folder while the app runs: adopted, kept across the app stopping; `herald subscribe` there is refused (75)', { timeout: 60_000 }, async () => {
    const handover = openOutboxHandover({});
    expect(handover.notices).toEqual([]);
    const outbox = new Outbox({ store: openStore({ name: 'outbox' }).store, send: noSend, mailbox: handover.mailbox });
    const act = await runHerald(['act', 'comment', '--item', '7', '--body', 'from-cli', '--server', 'http://127.0.0.1:9', '--id', 's', '--data-dir', fake.userData]);
    expect(act.code).toBe(0);
    await waitFor(() => outbox.entries().some((e) => e.action.type === 'comment' && e.action.body === 'from-cli'), { message: 'the app adopted the action' });

    const sub = await runHerald(['subscribe', '--server', 'http://127.0.0.1:9', '--data-dir', fake.userData]);
    expect(sub.code).toBe(75);
    expect(sub.err).toContain(`another herald process (pid ${process.pid})`);

    outbox.dispose();
    handover.release();
    expect(existsSync(join(fake.userData, 'herald.lock'))).toBe(false);
    const reopened = new Outbox({ store: openStore({ name: 'outbox' }).store, send: noSend });
    expect(reopened.entries().map((e) => (e.action.type === 'comment' ? e.action.body : e.action.type))).toEqual(['from-cli']);
    reopened.dispose();
  });
});
