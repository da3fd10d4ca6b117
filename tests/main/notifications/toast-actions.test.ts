import { ManualClock } from '../../helpers/manual-clock';
import { waitFor } from '../../helpers/wait';
import { silentLogger } from '../../../src/core/base/log';
import type { HeraldClient } from '../../../src/core/herald-client';
import { createPausedState } from '../../../src/main/paused-state';
import { createToastActor } from '../../../src/main/notifications/toast-actions';
import { actLink, openLink, parseDeepLink } from '../../../src/shared/deep-link';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { calls, fake, Notification, resetElectron } from '../../support/electron-fake.mjs';
import { parseXml } from '../../support/xml-check';
import { startNtfy, type NtfyServer } from '../../support/ntfy/ntfy-server';
import { emptyClient, liveClient, realClient } from '../real-client';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { registerNotifications } = await import('../../../src/main/notifications/native');
const { registerDeepLinks } = await import('../../../src/main/deep-links');
const { app } = await import('electron');

const TOKEN = 'test-token-0123456789abcdef';

// A server that takes no actions (likes, comments): the real ntfy, started once for this file.
let ntfy: NtfyServer | undefined;
afterAll(async () => ntfy?.stop());

/** The real client: over the reference server as source 'demo', or (actionless) over ntfy as 'demo'. */
async function connect(actionless: boolean) {
  if (!actionless) {
    const live = await liveClient();
    return { client: live.client, publish: (title: string, body = '') => live.publish({ title, body }), applied: () => live.servers.demo!.actionLog().applied.map((a) => a.action) };
  }
  ntfy ??= await startNtfy();
  const topic = `toasts-${Math.random().toString(36).slice(2)}`;
  const client = realClient({ sources: [{ id: 'demo', kind: 'ntfy', url: ntfy.url, channels: [topic] }], firstLoad: 0 });
  client.start();
  await waitFor(() => client.connection().overall.kind === 'open', { timeoutMs: 10_000, message: 'connected to ntfy' });
  const publish = async (title: string, body = 'x') => {
    await ntfy!.publish(topic, body, { Title: title });
    return waitFor(() => client.items().find((i) => i.title === title), { timeoutMs: 10_000, message: 'the ntfy message in the inbox' });
  };
  return { client, publish, applied: () => [] };
}

async function setup(platform: NodeJS.Platform, lang: 'en' | 'zh-CN' = 'en', actionless = false) {
  resetElectron();
  const { client, publish, applied } = await connect(actionless);
  const actor = createToastActor(client, TOKEN);
  const shown: number[] = [];
  const focused: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS };
  registerNotifications({
    client,
    settings: { get: () => settings },
    paused: createPausedState(silentLogger),
    clock: new ManualClock(),
    language: () => lang,
    showWindow: () => void shown.push(1),
    focusItem: (k) => void focused.push(k),
    actor,
    platform,
  });
  const links = registerDeepLinks({
    app: app as never,
    argv: [],
    actor,
    knownSource: (id) => id === 'demo',
    knownItem: (key) => key === 'demo/e 7' || client.items().some((i) => i.key === key),
    showWindow: () => void shown.push(1),
    focusItem: (k) => void focused.push(k),
  });
  /** Publish one notification and return its item and the native notification it became. */
  const toast = async (title: string, body?: string) => {
    const before = Notification.instances.length;
    const item = await publish(title, body);
    const n = await waitFor(() => Notification.instances.length > before && Notification.instances.at(-1), { message: 'the notification' });
    return { item, n };
  };
  return { client, actor, shown, focused, links, toast, applied };
}

/** Nothing is left to send, and the server has applied `n` actions. */
const settled = (client: HeraldClient, applied: () => unknown[], n: number) =>
  waitFor(() => client.outboxEntries().length === 0 && applied().length === n, { message: `${n} action(s) applied` });

describe('acting from the notification', () => {
  it('macOS: a reply typed into the toast becomes a comment through the outbox (not on servers without comments)', async () => {
    const { client, toast, applied } = await setup('darwin');
    const { item, n } = await toast('Build #231 failed');
    expect(n.options).toMatchObject({ hasReply: true, replyPlaceholder: 'Reply…' });
    n.emit('reply', {}, '  On it  ');
    n.emit('reply', {}, '   ');
    await settled(client, applied, 1);
    expect(applied()).toEqual([{ type: 'comment', itemId: item.itemId, body: 'On it' }]);

    const other = await setup('darwin', 'en', true);
    expect((await other.toast('Disk full')).n.options.hasReply).toBeUndefined();
  });

  it('a server that takes no actions (ntfy, Nchan) gets "Mark as read" only, on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { toast } = await setup(platform, 'en', true);
      const { n } = await toast('Disk full');
      if (platform === 'darwin') expect(n.options.actions).toEqual([{ type: 'button', text: 'Mark as read' }]);
      else {
        expect(n.options.toastXml).toContain('Mark as read');
        expect(n.options.toastXml).not.toContain('>Like<');
        expect(String(n.options.toastXml).match(/<action /g)).toHaveLength(1);
      }
    }
  });

  it('macOS: "Mark as read" and "Like" buttons go through client.act (the outbox), once each', async () => {
    const { client, toast, applied } = await setup('darwin');
    const { item, n } = await toast('Disk full');
    expect(n.options.actions).toEqual([
      { type: 'button', text: 'Mark as read' },
      { type: 'button', text: 'Like' },
    ]);
    n.emit('action', {}, 0);
    n.emit('action', {}, 1);
    await settled(client, applied, 2);
    expect(applied()).toEqual([
      { type: 'mark_read', itemId: item.itemId },
      { type: 'like', itemId: item.itemId },
    ]);
    // Already read / liked: a second press sends nothing more.
    n.emit('action', {}, 0);
    n.emit('action', {}, 1);
    expect(client.outboxEntries()).toEqual([]);
    await settled(client, applied, 2);
  });

  it('the buttons speak Chinese when Herald does', async () => {
    const { n } = await (await setup('darwin', 'zh-CN')).toast('Title 1');
    expect(n.options.actions?.map((a) => a.text)).toEqual(['标为已读', '赞']);
  });

  it('Linux: no buttons (the desktop does not show them); a click opens the item as before', async () => {
    const { toast, focused } = await setup('linux');
    const { item, n } = await toast('Title 1');
    expect(n.options.actions).toBeUndefined();
    expect(n.options.toastXml).toBeUndefined();
    n.emit('click');
    expect(focused).toEqual([item.key]);
  });

  it('Windows: toast XML with escaped server text, a click that opens the item, and buttons that come back as herald://act links', async () => {
    const { client, links, focused, toast, applied } = await setup('win32');
    const { item, n } = await toast('a<b>&"c\'', '</text><action content="x"/>');
    const xml = n.options.toastXml!;
    expect(xml).toContain('<text>a&lt;b&gt;&amp;&quot;c&apos;</text>');
    expect(xml).toContain('<text>&lt;/text&gt;&lt;action content=&quot;x&quot;/&gt;</text>');
    expect(xml.match(/<action /g)).toHaveLength(2);
    const attrs = [...xml.matchAll(/(?:launch|arguments)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    const id = item.itemId;
    expect(attrs).toEqual([openLink('demo', id), actLink('demo', id, 'read', TOKEN), actLink('demo', id, 'like', TOKEN)]);
    // Windows launches the link; a second Herald forwards its command line to this one.
    fake.appEvents.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', attrs[1]]);
    fake.appEvents.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', attrs[2]]);
    await settled(client, applied, 2);
    expect(applied()).toEqual([
      { type: 'mark_read', itemId: id },
      { type: 'like', itemId: id },
    ]);
    fake.appEvents.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', attrs[0]]);
    expect(focused).toEqual([item.key]);
    // A link from a web page, without this run's token, does nothing.
    expect(links.handle(parseDeepLink(actLink('demo', id, 'like', 'someone-elses-token-xyz')))).toBe(false);
    expect(client.outboxEntries()).toEqual([]);
    expect(applied()).toHaveLength(2);
  });
  it('Windows: a title or body with U+FFFE, U+FFFF, a lone surrogate or a control character still gives well-formed toast XML', async () => {
    const { toast } = await setup('win32');
    const { item, n } = await toast('Build \uFFFE\uFFFF \uD800 done', 'log \u0001\u001b[2J tail');
    const xml = parseXml(n.options.toastXml!);
    expect(xml.ok ? 'well-formed' : xml.error).toBe('well-formed');
    expect(item.title).toBe('Build \uFFFD\uFFFD \uFFFD done');
  });
});

describe('herald:// links', () => {
  it('open the item from macOS open-url, a forwarded command line, or the one Herald started with; unknown sources are ignored', async () => {
    const { shown, focused, links } = await setup('darwin');
    let prevented = false;
    fake.appEvents.emit('open-url', { preventDefault: () => (prevented = true) }, openLink('demo', 'e 7'));
    expect(prevented).toBe(true);
    expect(focused).toEqual(['demo/e 7']);
    expect(shown.length).toBeGreaterThan(0);
    fake.appEvents.emit('second-instance', {}, ['/usr/bin/herald', '--flag', openLink('nope', 'e1')]);
    // A known source but an item the inbox does not have: the window shows, nothing is looked up.
    const shownBefore = shown.length;
    expect(links.handle(parseDeepLink(openLink('demo', 'never-seen')))).toBe(false);
    expect(shown.length).toBe(shownBefore + 1);
    fake.appEvents.emit('open-url', { preventDefault() {} }, 'herald://open?source=demo&item=e1&evil=1');
    expect(focused).toEqual(['demo/e 7']);
    links.dispose();
    fake.appEvents.emit('open-url', { preventDefault() {} }, openLink('demo', 'e8'));
    expect(focused).toEqual(['demo/e 7']);
    // The packaged app claims the scheme.
    expect(calls('app.setAsDefaultProtocolClient').map((r) => r.scheme)).toEqual(['herald']);

    const focusedAtStart: string[] = [];
    registerDeepLinks({
      app: app as never,
      argv: ['/usr/bin/herald', openLink('demo', 'e9')],
      actor: createToastActor(emptyClient()),
      knownSource: () => true,
      knownItem: () => true,
      showWindow: () => undefined,
      focusItem: (k) => void focusedAtStart.push(k),
    });
    expect(focusedAtStart).toEqual(['demo/e9']);
  });
});
