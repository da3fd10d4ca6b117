import { ManualClock } from '../helpers/manual-clock';
import { silentLogger } from '../../src/core/log';
import { createPausedState } from '../../src/main/paused-state';
import { createToastActor } from '../../src/main/toast-actions';
import { actLink, openLink, parseDeepLink } from '../../src/shared/deep-link';
import type { InboxItem } from '../../src/shared/inbox';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings';
import { calls, fake, Notification, resetElectron } from '../support/electron-fake.mjs';
import { FakeClient, notificationEvent } from './fake-client';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
const { registerNotifications } = await import('../../src/main/notifications/native');
const { registerDeepLinks } = await import('../../src/main/deep-links');
const { app } = await import('electron');

const TOKEN = 'test-token-0123456789abcdef';

function setup(platform: NodeJS.Platform, lang: 'en' | 'zh-CN' = 'en') {
  resetElectron();
  const client = new FakeClient();
  client.itemList = [{ key: 'demo/i1', sourceId: 'demo', itemId: 'i1', read: false, liked: false } as InboxItem];
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
    knownItem: (key) => ['demo/i1', 'demo/e 7'].includes(key),
    showWindow: () => void shown.push(1),
    focusItem: (k) => void focused.push(k),
  });
  return { client, actor, shown, focused, links };
}

describe('acting from the notification', () => {
  it('macOS: a reply typed into the toast becomes a comment through the outbox (not on servers without comments)', () => {
    const { client } = setup('darwin');
    client.deliver([notificationEvent(1, { title: 'Build #231 failed' })]);
    const n = Notification.instances[0]!;
    expect(n.options).toMatchObject({ hasReply: true, replyPlaceholder: 'Reply…' });
    n.emit('reply', {}, '  On it  ');
    n.emit('reply', {}, '   ');
    expect(client.called('act')).toEqual([['demo', { type: 'comment', itemId: 'i1', body: 'On it' }]]);

    const other = setup('darwin');
    other.client.summary = { ...other.client.summary, sources: other.client.summary.sources.map((s) => ({ ...s, kind: 'ntfy' as const, actionless: true as const })) };
    other.client.deliver([notificationEvent(1, { title: 'Disk full' })]);
    expect(Notification.instances[0]!.options.hasReply).toBeUndefined();
  });

  it('a server that takes no actions (ntfy, Nchan) gets "Mark as read" only, on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { client } = setup(platform);
      client.summary = { ...client.summary, sources: client.summary.sources.map((s) => ({ ...s, kind: 'ntfy' as const, actionless: true as const })) };
      client.deliver([notificationEvent(1, { title: 'Disk full' })]);
      const n = Notification.instances[0]!;
      if (platform === 'darwin') expect(n.options.actions).toEqual([{ type: 'button', text: 'Mark as read' }]);
      else {
        expect(n.options.toastXml).toContain('Mark as read');
        expect(n.options.toastXml).not.toContain('>Like<');
        expect(String(n.options.toastXml).match(/<action /g)).toHaveLength(1);
      }
    }
  });

  it('macOS: "Mark as read" and "Like" buttons go through client.act (the outbox), once each', () => {
    const { client } = setup('darwin');
    client.deliver([notificationEvent(1, { title: 'Disk full' })]);
    const n = Notification.instances[0]!;
    expect(n.options.actions).toEqual([
      { type: 'button', text: 'Mark as read' },
      { type: 'button', text: 'Like' },
    ]);
    n.emit('action', {}, 0);
    n.emit('action', {}, 1);
    expect(client.called('act')).toEqual([
      ['demo', { type: 'mark_read', itemId: 'i1' }],
      ['demo', { type: 'like', itemId: 'i1' }],
    ]);
    // Already read / liked: a second press sends nothing more.
    client.itemList = [{ ...client.itemList[0]!, read: true, liked: true }];
    n.emit('action', {}, 0);
    n.emit('action', {}, 1);
    expect(client.called('act')).toHaveLength(2);
  });

  it('the buttons speak Chinese when Herald does', () => {
    setup('darwin', 'zh-CN').client.deliver([notificationEvent(1)]);
    expect(Notification.instances[0]!.options.actions?.map((a) => a.text)).toEqual(['标为已读', '赞']);
  });

  it('Linux: no buttons (the desktop does not show them); a click opens the item as before', () => {
    const { client, focused } = setup('linux');
    client.deliver([notificationEvent(1)]);
    const n = Notification.instances[0]!;
    expect(n.options.actions).toBeUndefined();
    expect(n.options.toastXml).toBeUndefined();
    n.emit('click');
    expect(focused).toEqual(['demo/i1']);
  });

  it('Windows: toast XML with escaped server text, a click that opens the item, and buttons that come back as herald://act links', () => {
    const { client, links, focused } = setup('win32');
    client.deliver([notificationEvent(1, { title: 'a<b>&"c\'', body: '</text><action content="x"/>' })]);
    const xml = Notification.instances[0]!.options.toastXml!;
    expect(xml).toContain('<text>a&lt;b&gt;&amp;&quot;c&apos;</text>');
    expect(xml).toContain('<text>&lt;/text&gt;&lt;action content=&quot;x&quot;/&gt;</text>');
    expect(xml.match(/<action /g)).toHaveLength(2);
    const attrs = [...xml.matchAll(/(?:launch|arguments)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(attrs).toEqual([openLink('demo', 'i1'), actLink('demo', 'i1', 'read', TOKEN), actLink('demo', 'i1', 'like', TOKEN)]);
    // Windows launches the link; a second Herald forwards its command line to this one.
    fake.appEvents.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', attrs[1]]);
    fake.appEvents.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', attrs[2]]);
    expect(client.called('act')).toEqual([
      ['demo', { type: 'mark_read', itemId: 'i1' }],
      ['demo', { type: 'like', itemId: 'i1' }],
    ]);
    fake.appEvents.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', attrs[0]]);
    expect(focused).toEqual(['demo/i1']);
    // A link from a web page, without this run's token, does nothing.
    expect(links.handle(parseDeepLink(actLink('demo', 'i1', 'like', 'someone-elses-token-xyz')))).toBe(false);
    expect(client.called('act')).toHaveLength(2);
  });
});

describe('herald:// links', () => {
  it('open the item from macOS open-url, a forwarded command line, or the one Herald started with; unknown sources are ignored', () => {
    const { shown, focused, links } = setup('darwin');
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
      actor: createToastActor(new FakeClient()),
      knownSource: () => true,
      knownItem: () => true,
      showWindow: () => undefined,
      focusItem: (k) => void focusedAtStart.push(k),
    });
    expect(focusedAtStart).toEqual(['demo/e9']);
  });
});
