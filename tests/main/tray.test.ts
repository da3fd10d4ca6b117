import { silentLogger } from '../../src/core/base/log';
import { ManualClock } from '../helpers/manual-clock';
import { Emitter } from '../../src/core/base/emitter';
import { MemoryStore } from '../../src/core/store';
import { encodePng } from '../../src/main/icons/png-encoder';
import { drawOverlayIcon, drawTrayTemplate } from '../../src/main/icons/app-icons';
import { drawTrayIcon } from '../../src/main/icons/tray-icon';
import { createPausedState } from '../../src/main/paused-state';
import { SettingsService } from '../../src/main/settings/settings-service';
import type { UiLanguage } from '../../src/main/strings';
import type { UpdateState } from '../../src/main/updates/update-policy';
import { createSafeStorageCipher } from '../../src/main/settings/safe-storage-cipher';
import { markAllReadActions } from '../../src/shared/inbox';
import { waitFor } from '../helpers/wait';
import { BrowserWindow, calls, resetElectron, Tray, type NativeImage } from '../support/electron-fake.mjs';
import { liveClient } from './real-client';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
const { registerTray } = await import('../../src/main/tray');

/** The update policy as the tray sees it. */
function fakeUpdates() {
  const changed = new Emitter<UpdateState>(silentLogger);
  let state: UpdateState = { kind: 'idle', lastCheckAt: null };
  const installs: number[] = [];
  return {
    installs,
    ready(version: string) {
      state = { kind: 'ready', version };
      changed.fire(state);
    },
    policy: { state: () => state, onDidChange: changed.event, installNow: () => void installs.push(1) },
  };
}

/** The tray over the real client, connected to a reference server per source (default: one, 'demo'). */
async function setup(opts: { platform?: NodeJS.Platform; lang?: UiLanguage; updates?: ReturnType<typeof fakeUpdates>; store?: MemoryStore; clock?: ManualClock; sourceIds?: string[] } = {}) {
  resetElectron();
  const clock = opts.clock ?? new ManualClock();
  const live = await liveClient(opts.sourceIds ? { sourceIds: opts.sourceIds } : {});
  const client = live.client;
  const store = opts.store ?? new MemoryStore();
  const settings = new SettingsService({ store, cipher: createSafeStorageCipher(), now: () => clock.now() });
  const paused = createPausedState(silentLogger);
  const win = new BrowserWindow({});
  const shown: number[] = [];
  const quits: number[] = [];
  const troubleshooting: number[] = [];
  const tray = registerTray({
    client,
    settings,
    paused,
    clock,
    platform: opts.platform ?? 'linux',
    language: () => opts.lang ?? 'en',
    showWindow: () => void shown.push(1),
    showTroubleshooting: () => void troubleshooting.push(1),
    window: () => win as never,
    quit: () => void quits.push(1),
    localMinutes: () => 12 * 60,
    ...(opts.updates ? { updates: opts.updates.policy } : {}),
  });
  const t = Tray.instances[0]!;
  let published = 0;
  /** New notifications arrive (or all are marked read, for 0) until `n` are unread; then the tray's debounce passes. */
  const setUnread = async (n: number) => {
    if (n === 0) for (const { sourceId, upTo } of markAllReadActions(client.items())) client.act(sourceId, { type: 'mark_all_read', upTo });
    else await live.publishMany(Array.from({ length: n - client.unreadCount() }, () => ({ title: `n${++published}` })));
    await waitFor(() => client.unreadCount() === n, { message: `${n} unread` });
    clock.advance(100);
  };
  return { ...live, clock, client, settings, paused, win, shown, quits, troubleshooting, tray, t, setUnread, store };
}

const badgeCounts = () => calls('app.setBadgeCount').map((r) => r.count);
const pngOf = (image: NativeImage, scale: number) => image.reps.find((r) => r.scaleFactor === scale)?.buffer;
const expectIcon = (image: NativeImage, state: Parameters<typeof drawTrayIcon>[0]) => {
  expect(pngOf(image, 1)?.equals(encodePng(drawTrayIcon(state, 16)))).toBe(true);
  expect(pngOf(image, 2)?.equals(encodePng(drawTrayIcon(state, 32)))).toBe(true);
};

describe('tray', () => {
  it('at 0 unread: plain icon, "nothing unread · connected", dock badge 0', async () => {
    const { t } = await setup();
    expectIcon(t.image, { unread: 0, connection: 'ok', paused: false });
    expect(t.tooltip).toBe('Herald — nothing unread · connected');
    expect(badgeCounts()).toEqual([0]);
  });

  it('at 7 and 120 unread: the badge shows 7 then 99+, tooltip and setBadgeCount give the real number', async () => {
    const { t, setUnread } = await setup();
    await setUnread(7);
    expectIcon(t.image, { unread: 7, connection: 'ok', paused: false });
    expect(t.tooltip).toBe('Herald — 7 unread · connected');
    await setUnread(120);
    expectIcon(t.image, { unread: 120, connection: 'ok', paused: false });
    expect(t.tooltip).toBe('Herald — 120 unread · connected');
    expect(badgeCounts()).toEqual([0, 7, 120]);
    const images = calls('Tray.setImage').length;
    await setUnread(150); // same "99+" picture: not redrawn, but the count still goes to the dock
    expect(calls('Tray.setImage')).toHaveLength(images);
    expect(badgeCounts().at(-1)).toBe(150);
  });

  it('writes a large count with the language’s grouping in the tooltip; the badge still says 99+', async () => {
    const { t, setUnread } = await setup();
    await setUnread(1_234);
    expectIcon(t.image, { unread: 1_234, connection: 'ok', paused: false });
    expect(t.tooltip).toBe('Herald — 1,234 unread · connected');
    expect(badgeCounts().at(-1)).toBe(1_234);
  });

  it('offline greys the icon and says so; pending actions are mentioned; Chinese when asked', async () => {
    const { t, client, clock, setUnread } = await setup({ lang: 'zh-CN' });
    await setUnread(7);
    client.setOnline(false);
    await waitFor(() => client.connection().overall.kind === 'offline', { message: 'offline' });
    for (const item of client.items().slice(0, 3)) client.act('demo', { type: 'like', itemId: item.itemId });
    expect(client.outboxProgress()).toMatchObject({ pending: 3 });
    clock.advance(100);
    expectIcon(t.image, { unread: 7, connection: 'offline', paused: false });
    expect(t.tooltip).toBe('Herald — 7 条未读 · 离线 · 3 个操作等待同步');
    expect(t.menu!.items.map((i) => i.label)).toContain('故障排查…');
  });

  it('a burst of 1000 inbox changes redraws once', async () => {
    const { client, clock, publishMany } = await setup();
    const before = { images: calls('Tray.setImage').length, tooltips: calls('Tray.setToolTip').length };
    await publishMany(Array.from({ length: 1000 }, (_, i) => ({ title: `burst ${i}` })));
    expect(client.unreadCount()).toBe(1000);
    clock.advance(100);
    expect(calls('Tray.setImage')).toHaveLength(before.images + 1);
    expect(calls('Tray.setToolTip')).toHaveLength(before.tooltips + 1);
    expect(badgeCounts()).toEqual([0, 1000]);
  });

  it('has the menu a person needs, and each item does what it says', async () => {
    const { t, paused, settings, client, clock, shown, quits, troubleshooting, publish, servers } = await setup({ sourceIds: ['a', 'b'] });
    const labels = () => t.menu!.items.map((i) => (i.type === 'separator' ? '—' : `${i.label}${i.enabled === false ? ' (off)' : ''}${i.checked ? ' ✓' : ''}`));
    expect(labels()).toEqual(['Open Herald', '—', 'Pause notifications', 'Snooze notifications', 'Quiet hours (22:00–07:00)', 'Mark all as read (off)', '—', 'Troubleshooting…', 'Quit Herald']);

    t.clickMenu('open');
    expect(shown).toHaveLength(1);

    t.clickMenu('pause');
    expect(paused.get()).toBe(true);
    clock.advance(100);
    expect(labels()[2]).toBe('Resume notifications');
    expect(t.tooltip).toContain('notifications paused');
    expectIcon(t.image, { unread: 0, connection: 'ok', paused: true });

    t.clickMenu('quiet-hours');
    expect(settings.get().quietHours.enabled).toBe(true);
    clock.advance(100);
    expect(labels()[4]).toBe('Quiet hours (22:00–07:00) ✓');

    // Unread: one item of source a; a's newer one and b's only one are read.
    await publish({ title: 'a1' }, 'a');
    const a2 = await publish({ title: 'a2' }, 'a');
    const b1 = await publish({ title: 'b1' }, 'b');
    client.act('a', { type: 'mark_read', itemId: a2.itemId });
    client.act('b', { type: 'mark_read', itemId: b1.itemId });
    await waitFor(() => servers.a!.actionLog().applied.length === 1 && servers.b!.actionLog().applied.length === 1, { message: 'reads applied' });
    clock.advance(100);
    expect(labels()[5]).toBe('Mark all as read');
    const rule = markAllReadActions(client.items());
    expect(rule).toEqual([{ sourceId: 'a', upTo: expect.any(String) }]);
    t.clickMenu('mark-all-read');
    expect(client.unreadCount()).toBe(0);
    // Only source a is asked, up to its newest event (the one rule the window uses too).
    await waitFor(() => servers.a!.actionLog().applied.length === 2, { message: 'mark all read applied' });
    expect(servers.a!.actionLog().applied.at(-1)?.action).toEqual({ type: 'mark_all_read', upTo: rule[0]!.upTo });
    expect(servers.b!.actionLog().applied.map((x) => x.action)).toEqual([{ type: 'mark_read', itemId: b1.itemId }]);

    // Troubleshooting… opens the window on Settings → Troubleshooting (diagnostics, the logs folder).
    t.clickMenu('troubleshooting');
    expect(troubleshooting).toHaveLength(1);

    t.clickMenu('quit');
    expect(quits).toHaveLength(1);
  });

  it('on Windows the taskbar overlay follows the count', async () => {
    const { win, setUnread } = await setup({ platform: 'win32' });
    await setUnread(5);
    await setUnread(0);
    expect(win.overlay.map(([img, desc]) => [img === null, desc])).toEqual([
      [true, ''],
      [false, 'Herald — 5 unread · connected'],
      [true, ''],
    ]);
  });

  it('on Windows the overlay is the count on a red disc, not the whole tray icon', async () => {
    const { win, setUnread } = await setup({ platform: 'win32' });
    await setUnread(5);
    const overlay = win.overlay.at(-1)![0]!;
    expect(pngOf(overlay, 1)?.equals(encodePng(drawOverlayIcon(5, 16)!))).toBe(true);
    expect(pngOf(overlay, 2)?.equals(encodePng(drawOverlayIcon(5, 32)!))).toBe(true);
  });

  it('on macOS the menu bar gets the black template bell (1x and 2x) and the count as its title', async () => {
    const { t, setUnread, paused, clock } = await setup({ platform: 'darwin' });
    expect(t.image.template).toBe(true);
    expect(pngOf(t.image, 1)?.equals(encodePng(drawTrayTemplate({ connection: 'ok', paused: false }, 16)))).toBe(true);
    expect(pngOf(t.image, 2)?.equals(encodePng(drawTrayTemplate({ connection: 'ok', paused: false }, 32)))).toBe(true);
    expect(t.title).toBe('');
    await setUnread(7);
    expect(t.title).toBe('7');
    await setUnread(120);
    expect(t.title).toBe('99+');
    paused.set(true);
    clock.advance(100);
    expect(pngOf(t.image, 2)?.equals(encodePng(drawTrayTemplate({ connection: 'ok', paused: true }, 32)))).toBe(true);
    await setUnread(0);
    expect(t.title).toBe('');
  });

  it('offers "Update ready — restart to install" only once an update is downloaded, and restarts only when clicked', async () => {
    for (const [lang, label] of [['en', 'Update ready — restart to install'], ['zh-CN', '更新已就绪 — 重启以安装']] as const) {
      const updates = fakeUpdates();
      const { t, clock } = await setup({ lang, updates });
      expect(t.menu!.items.some((i) => i.id === 'install-update')).toBe(false);
      updates.ready('0.2.0');
      clock.advance(100);
      expect(t.menu!.items[0]).toMatchObject({ id: 'install-update', label, enabled: true });
      expect(updates.installs).toHaveLength(0);
      t.clickMenu('install-update');
      expect(updates.installs).toHaveLength(1);
    }
  });

  it('dispose removes the tray and clears the dock badge', async () => {
    const { t, tray, setUnread } = await setup();
    await setUnread(3);
    tray.dispose();
    expect(t.destroyed).toBe(true);
    expect(badgeCounts().at(-1)).toBe(0);
  });

  it('snoozes everything from the menu: the icon fades, the tooltip says until when, and it survives a restart', async () => {
    const clock = new ManualClock(new Date(2026, 2, 10, 21, 30).getTime());
    const first = await setup({ clock });
    const snoozeLabels = () => first.t.menu!.items.find((i) => i.type === 'submenu')!.submenu!.map((i) => (i.type === 'separator' ? '—' : `${i.label}${i.enabled === false ? ' (off)' : ''}`));
    expect(snoozeLabels()).toEqual(['For 1 hour', 'Until tomorrow morning', 'Until I turn them back on', '—', 'Turn notifications back on (off)']);
    first.t.clickMenu('snooze-morning');
    clock.advance(100);
    expect(first.settings.get().snooze.all).toEqual({ until: new Date(2026, 2, 11, 8, 0).getTime() });
    expect(first.t.tooltip).toMatch(/snoozed until \w+ 08:00/);
    expectIcon(first.t.image, { unread: 0, connection: 'ok', paused: true });
    first.tray.dispose();

    // A restart: a new tray and settings service over the same store, the clock an hour on.
    clock.advance(3_600_000);
    const second = await setup({ clock, store: first.store, lang: 'zh-CN' });
    expect(second.t.tooltip).toMatch(/通知已暂缓至 .*08:00/);
    // At 08:00 the snooze is over by itself; the minute timer refreshes the tooltip within a minute.
    clock.advance(new Date(2026, 2, 11, 8, 0).getTime() - clock.now() - 1000);
    expect(second.t.tooltip).toContain('暂缓');
    clock.advance(61_000);
    expect(second.t.tooltip).not.toContain('暂缓');
    expectIcon(second.t.image, { unread: 0, connection: 'ok', paused: false });

    second.t.clickMenu('snooze-off-only');
    clock.advance(100);
    expect(second.t.tooltip).toContain('通知已暂缓，直到重新开启');
    second.t.clickMenu('snooze-end');
    clock.advance(100);
    expect(second.settings.get().snooze).toEqual({ sources: {} });
    expect(second.t.tooltip).not.toContain('暂缓');
  });

  it('while everything is snoozed, the first item offers Resume (as the window does), and Resume ends the snooze', async () => {
    const clock = new ManualClock(new Date(2026, 2, 10, 21, 30).getTime());
    const { t, settings, paused } = await setup({ clock });
    settings.update({ snooze: { all: { until: null }, sources: { a: { until: null } } } });
    t.clickMenu('snooze-off-only');
    clock.advance(100);
    expect(t.menu!.items[2]).toMatchObject({ id: 'pause', label: 'Resume notifications' });
    t.clickMenu('pause');
    clock.advance(100);
    expect(paused.get()).toBe(false);
    expect(settings.get().snooze).toEqual({ sources: { a: { until: null } } });
    expect(t.menu!.items[2]).toMatchObject({ id: 'pause', label: 'Pause notifications' });
  });

  it('the badge counts only what the profiles count; the tooltip still gives every unread', async () => {
    const { t, settings, client, clock, publish } = await setup({ sourceIds: ['a', 'b'] });
    await publish({ title: 'a1', priority: 1 }, 'a');
    await publish({ title: 'a2', priority: 3 }, 'a');
    await publish({ title: 'b1', priority: 1 }, 'b');
    const b2 = await publish({ title: 'b2', priority: 5 }, 'b');
    client.act('b', { type: 'mark_read', itemId: b2.itemId });
    await waitFor(() => client.unreadCount() === 3, { message: '3 unread' });
    clock.advance(100);
    expect(badgeCounts().at(-1)).toBe(3);
    const profile = settings.get().profile.map((r, i) => (i < 2 ? { ...r, badge: false } : r));
    settings.update({ profile });
    clock.advance(100);
    expect(badgeCounts().at(-1)).toBe(1);
    expect(t.tooltip).toContain('3 unread');
    // Source b counts everything again with its own profile.
    settings.update({ sourceNotifications: { b: { profile: profile.map((r) => ({ ...r, badge: true })) } } });
    clock.advance(100);
    expect(badgeCounts().at(-1)).toBe(2);
  });
});
