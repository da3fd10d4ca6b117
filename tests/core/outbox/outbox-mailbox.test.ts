/**
 * Actions handed over by another process (src/core/outbox/outbox-mailbox.ts, outbox-handover.ts): adopted once, in
 * the order queued, on disk before the letter goes; a letter adopted but not yet deleted (a crash in between) is not
 * queued twice; an unreadable letter is kept aside and reported, never deleted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../../src/core/outbox/outbox';
import { FileMailbox } from '../../../src/core/outbox/outbox-mailbox';
import { OutboxView } from '../../../src/core/outbox/outbox-view';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { waitFor } from '../../helpers/wait';
import { FakeSend } from './fake-send';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-mailbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mailbox = () => new FileMailbox(join(dir, 'outbox.incoming'), { durable: false, pollMs: 50 });
const store = () => new JsonFileStore(join(dir, 'outbox.json'), { durable: false });
const viewer = () => new OutboxView({ store: new JsonFileStore(join(dir, 'outbox.json'), { viewOnly: true }), mailbox: mailbox() });

describe('the outbox mailbox', () => {
  it('letters posted before and while the owner runs are adopted in order, sent once, and gone from the mailbox', async () => {
    const before = viewer().post('s', { type: 'like', itemId: '1' });
    const send = new FakeSend();
    const owner = new Outbox({ store: store(), send: send.send, mailbox: mailbox(), persistDelayMs: 0 });
    expect(owner.entries().map((e) => e.key)).toEqual([before.key]);
    const during = viewer().post('s', { type: 'comment', itemId: '1', body: 'hi' });
    await waitFor(() => owner.entries().length === 2, { message: 'the second letter adopted' });
    owner.setOnline('s', true);
    await owner.flush();
    expect(send.applied.map((e) => e.key)).toEqual([before.key, during.key]);
    expect([...send.received.values()]).toEqual([1, 1]);
    expect(readdirSync(join(dir, 'outbox.incoming'))).toEqual([]);
    owner.dispose();
  });

  it('a letter whose entry is already queued (adopted, then a crash before its deletion) is deleted, not queued again', () => {
    const posted = viewer().post('s', { type: 'like', itemId: '1' });
    const letter = readdirSync(join(dir, 'outbox.incoming'))[0]!;
    const text = JSON.stringify(posted);
    const first = new Outbox({ store: store(), send: new FakeSend().send, mailbox: mailbox() });
    first.dispose();
    writeFileSync(join(dir, 'outbox.incoming', letter), text);
    const again = new Outbox({ store: store(), send: new FakeSend().send, mailbox: mailbox() });
    expect(again.entries().map((e) => e.key)).toEqual([posted.key]);
    expect(readdirSync(join(dir, 'outbox.incoming'))).toEqual([]);
    again.dispose();
  });

  it('an unreadable letter is kept aside and reported; the viewer lists handed-over actions and says a letter is damaged', () => {
    const posted = viewer().post('s', { type: 'like', itemId: '2' });
    writeFileSync(join(dir, 'outbox.incoming', '000000000000001-1-1.json'), '{"key":');
    const view = viewer();
    expect(view.entries().map((e) => e.key)).toEqual([posted.key]);
    expect(view.notices()).toEqual([expect.objectContaining({ code: 'store_corrupt', message: expect.stringContaining('1 action(s) handed over') })]);
    const owner = new Outbox({ store: store(), send: new FakeSend().send, mailbox: mailbox() });
    expect(owner.entries().map((e) => e.key)).toEqual([posted.key]);
    const kept = readdirSync(join(dir, 'outbox.incoming'));
    expect(kept).toEqual([expect.stringMatching(/^000000000000001-1-1\.json\.corrupt-/)]);
    expect(owner.notices()).toEqual([expect.objectContaining({ code: 'store_corrupt', path: join(dir, 'outbox.incoming', kept[0]!) })]);
    owner.dispose();
  });

  it("a temporary letter left by a killed `herald act` is removed by the owner; a live process's is left alone", () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const box = join(dir, 'outbox.incoming');
    mkdirSync(box);
    writeFileSync(join(box, `.000000000000001-${dead}-1.json.tmp`), '{"key":"half');
    writeFileSync(join(box, `.000000000000001-${process.ppid}-1.json.tmp`), '{"key":"writing');
    const owner = new Outbox({ store: store(), send: new FakeSend().send, mailbox: mailbox() });
    expect(readdirSync(box)).toEqual([`.000000000000001-${process.ppid}-1.json.tmp`]);
    expect(owner.entries()).toEqual([]);
    owner.dispose();
  });
});
