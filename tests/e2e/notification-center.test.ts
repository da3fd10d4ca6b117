/**
 * End to end, in a real browser: the reference server → the real core → the app's IPC handlers and batcher →
 * the built renderer in headless Chromium, with `window.herald` defined like the preload does.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../helpers/wait';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

/** Wait (Playwright auto-waiting) until the locator shows text matching `text`. */
async function showing(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
}

/** The page global used inside page functions (this file is type-checked for Node, without the DOM library). */
declare const document: { getAnimations(): Array<{ playState: string }> };

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // Let transitions (≤300 ms) settle by waiting for running animations to finish, not by sleeping.
  // A function, not a string: a string predicate that has to poll is eval'd in the page, which the CSP forbids.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: UI_TIMEOUT });
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`) });
}

function row(page: Page, title: string): Locator {
  return page.getByTestId('notification-row').filter({ hasText: title });
}

describe('notification center in Chromium', () => {
  let stack: Stack | null = null;

  afterEach(async () => {
    const s = stack;
    stack = null;
    await s?.stop();
  });

  it('shows published notifications live; opening one marks it read in the window and the tray', async () => {
    stack = await Stack.start();
    const { page, app } = stack;
    await showing(page.getByTestId('connection-status'), 'Connected');

    stack.server!.publish({ title: 'Deploy finished', body: 'api v2.14 is live', priority: 3 });
    stack.server!.publish({ type: 'system', title: 'Maintenance tonight', body: '22:00–23:00', level: 'warning' });
    await row(page, 'Deploy finished').waitFor({ timeout: UI_TIMEOUT });
    await row(page, 'Maintenance tonight').waitFor({ timeout: UI_TIMEOUT });
    await showing(page.getByTestId('unread-count'), /^2 unread$/);
    expect(app.tray().unread).toBe(2);
    expect(app.tray().tooltip).toBe('Herald — 2 unread · connected');
    // Newest first; the system message carries its level.
    expect(await page.getByTestId('notification-row').first().textContent()).toContain('Maintenance tonight');
    expect(await row(page, 'Maintenance tonight').getAttribute('data-level')).toBe('warning');

    await row(page, 'Deploy finished').click();
    await showing(page.getByTestId('item-detail'), 'api v2.14 is live');
    await showing(page.getByTestId('unread-count'), /^1 unread$/);
    expect(app.client.unreadCount()).toBe(1);
    expect(app.tray().unread).toBe(1);
    // …and the server got the mark_read through the outbox.
    await waitFor(() => stack!.server!.actionLog().applied.some((a) => a.action.type === 'mark_read'), { timeoutMs: UI_TIMEOUT, message: 'mark_read applied' });

    await page.getByTestId('mark-all-read').click();
    await showing(page.getByTestId('unread-count'), /^0 unread$/);
    await waitFor(() => app.tray().unread === 0, { timeoutMs: UI_TIMEOUT, message: 'tray unread 0' });
    expect(stack.pageErrors).toEqual([]);
  });

  it('shows a hostile title as text, never as HTML', async () => {
    stack = await Stack.start();
    const { page } = stack;
    const title = '<img src=x onerror=alert(1)>';
    stack.server!.publish({ title, body: '<script>alert(2)</script>' });
    await row(page, title).waitFor({ timeout: UI_TIMEOUT });
    await row(page, title).click();
    await page.getByTestId('item-detail').getByRole('heading', { name: title }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('#app img, #app script').count()).toBe(0);
    expect(stack.dialogs).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });

  it('likes and comments go through the outbox; another user’s likes and comments arrive live', async () => {
    stack = await Stack.start();
    const { page } = stack;
    // A notification's item id is its event id (docs/PROTOCOL.md).
    const event = stack.server!.publish({ title: 'Q4 roadmap', body: 'Please comment by Friday.' });
    await row(page, 'Q4 roadmap').click();
    const detail = page.getByTestId('item-detail');
    await showing(page.getByTestId('like-count'), /^0$/);

    await page.getByTestId('like-button').click();
    await showing(page.getByTestId('like-count'), /^1$/);
    expect(await page.getByTestId('like-button').getAttribute('aria-pressed')).toBe('true');
    // Confirmed by the server: the pending mark goes away.
    await page.getByTestId('like-pending').waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    // Someone else likes it, through the server's HTTP publish door.
    const res = await fetch(`${stack.url}/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'like_update', itemId: event.id }),
    });
    expect(res.status).toBe(201);
    await showing(page.getByTestId('like-count'), /^2$/);

    // …and comments.
    stack.server!.publish({ type: 'new_comment', itemId: event.id, author: '李雷', body: '我周四前给意见。' });
    await showing(detail.getByTestId('comment'), '我周四前给意见。');

    await page.getByTestId('comment-input').fill('Looks good to me');
    await page.getByTestId('comment-send').click();
    await showing(detail.getByTestId('comment'), 'Looks good to me');
    await detail.getByTestId('comment-pending').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await detail.getByTestId('comment').count()).toBe(2);
    await showing(detail.getByRole('heading', { level: 3 }), 'Comments (2)');
    const applied = stack.server!.actionLog().applied.map((a) => a.action.type);
    expect(applied).toEqual(expect.arrayContaining(['mark_read', 'like', 'comment']));
    expect(stack.pageErrors).toEqual([]);
  });

  it('tells the reader when the server is gone, keeps their actions, and recovers when it is back', async () => {
    stack = await Stack.start();
    const { page, app } = stack;
    stack.server!.publish({ title: 'Before the outage', body: 'still here later' });
    await row(page, 'Before the outage').click();
    await page.getByTestId('item-detail').waitFor({ timeout: UI_TIMEOUT });

    await stack.stopServer();
    await showing(page.getByTestId('connection-banner'), 'Connection lost — reconnecting…');
    expect(await page.getByTestId('connection-banner-region').getAttribute('aria-live')).toBe('polite');
    await waitFor(() => app.tray().connection === 'offline', { timeoutMs: UI_TIMEOUT, message: 'tray shows offline' });

    // A like while the server is down waits in the outbox, shown as pending.
    await page.getByTestId('like-button').click();
    await showing(page.getByTestId('like-count'), /^1$/);
    await page.getByTestId('like-pending').waitFor({ timeout: UI_TIMEOUT });
    expect(app.tray().tooltip).toMatch(/^Herald — nothing unread · (reconnecting|offline) · 1 action waiting to sync$/);

    const server = await stack.restartServer();
    await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await showing(page.getByTestId('connection-status'), 'Connected');
    await page.getByTestId('like-pending').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await waitFor(() => server.actionLog().applied.some((a) => a.action.type === 'like'), { timeoutMs: UI_TIMEOUT, message: 'like replayed' });
    // History survived the restart and new events still arrive.
    server.publish({ title: 'After the outage', body: 'back again' });
    await row(page, 'After the outage').waitFor({ timeout: UI_TIMEOUT });
    expect(await row(page, 'Before the outage').count()).toBe(1);
    expect(app.tray().connection).toBe('ok');
    expect(stack.pageErrors).toEqual([]);
  });

  it('screenshots the main views in Chinese and English', async () => {
    stack = await Stack.start({ systemLanguage: 'zh-CN' });
    const { page } = stack;
    const s = stack.server!;
    s.publish({ title: '部署完成：网关服务 v3.2', body: '所有实例运行正常，耗时 4 分钟。', priority: 3, tags: ['deploy'] });
    s.publish({ title: 'Build #1843 failed on main', body: 'test/e2e: 2 failing', priority: 4 });
    s.publish({ type: 'system', title: '数据库将于今晚 22:00 维护', body: '预计 30 分钟，期间只读。', level: 'warning' });
    s.publish({ type: 'system', title: 'Disk usage above 90% on db-2', body: 'Free some space soon.', level: 'critical' });
    const roadmap = s.publish({ title: 'Q4 roadmap draft / 第四季度路线图', body: 'Please read and comment by Friday.\n请在周五前阅读并评论。', priority: 3 });
    s.publish({ type: 'new_comment', itemId: roadmap.id, author: 'Anna', body: 'Looks great, one question on item 3.' });
    s.publish({ type: 'new_comment', itemId: roadmap.id, author: '李雷', body: '同意，周四前给详细意见。' });
    s.publish({ type: 'like_update', itemId: roadmap.id });
    await row(page, 'Q4 roadmap').waitFor({ timeout: UI_TIMEOUT });
    await showing(page.getByTestId('unread-count'), '5 条未读');

    for (const lang of ['zh-CN', 'en'] as const) {
      if (lang === 'en') {
        await page.getByTestId('open-settings').click();
        await page.getByTestId('language-select').selectOption('en');
        await showing(page.getByTestId('settings-page').getByRole('heading', { level: 2 }), 'Settings');
        await page.getByTestId('open-inbox').click();
      }
      await page.getByTestId('notification-list').waitFor({ timeout: UI_TIMEOUT });
      await shot(page, `list-${lang}`);
      await row(page, 'Q4 roadmap').click();
      await page.getByTestId('comment').nth(1).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, `detail-${lang}`);
      await page.getByTestId('open-settings').click();
      await page.getByTestId('settings-page').waitFor({ timeout: UI_TIMEOUT });
      await shot(page, `settings-${lang}`);
      await page.getByTestId('open-inbox').click();
    }
    await showing(page.getByTestId('unread-count'), '4 unread');

    await stack.stopServer();
    await showing(page.getByTestId('connection-banner'), 'Connection lost — reconnecting…');
    await shot(page, 'offline-en');
    await page.getByTestId('open-settings').click();
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByTestId('open-inbox').click();
    await showing(page.getByTestId('connection-banner'), '网络连接中断，正在重连…');
    await shot(page, 'offline-zh-CN');
    expect(stack.pageErrors).toEqual([]);
  });
});
