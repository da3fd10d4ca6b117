/**
 * The notification center for everyone, in a real browser: axe over the main views (both languages, both themes,
 * 420 px and a normal width), layout with hostile server text, the keyboard path, and what the live regions say.
 * Screenshots of every view go to .artifacts/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { type AxeFinding, blocking, runAxe } from './harness/axe';
import { horizontalOverflow, onScreen } from './harness/layout';
import { Stack } from './harness/stack';

/** The page's globals these tests touch, for functions that run in the page (tests are type-checked without the DOM). */
declare const document: {
  activeElement: { id: string; dataset: Record<string, string | undefined> } | null;
  getAnimations(): Array<{ playState: string; effect: { getTiming(): { iterations?: number } } | null }>;
};

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');
const LONG_AUTHOR = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(3).slice(0, 100);
// No break opportunity at all (a hash, a slug without dashes): only overflow-wrap can keep it in its pane.
const LONG_TAG = 'a1b2c3d4e5'.repeat(30);

async function settle(page: Page): Promise<void> {
  // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
  // Transitions (≤300 ms) end; a spinner's endless turn does not count.
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: UI_TIMEOUT },
  );
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`) });
}

function row(page: Page, title: string): Locator {
  return page.getByTestId('notification-row').filter({ hasText: title });
}

async function showing(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
}

const focused = (page: Page) =>
  page.evaluate(() => ({ id: document.activeElement?.id, index: document.activeElement?.dataset.index, testid: document.activeElement?.dataset.testid }));

describe('the notification center for everyone, in Chromium', () => {
  let stack: Stack | null = null;
  let ntfy: NtfyServer | null = null;

  afterEach(async () => {
    const s = stack;
    stack = null;
    await s?.stop();
    await ntfy?.stop();
    ntfy = null;
  });

  it('has no serious axe findings and nothing spills, at 420 px and 1100 px, in both languages and themes', async () => {
    ntfy = await startNtfy();
    stack = await Stack.start({ extraSources: [{ kind: 'ntfy', url: ntfy.url, channels: ['ops'], label: 'Ops' }] });
    const { page } = stack;
    const s = stack.server!;
    s.publish({ title: '部署完成：网关服务 v3.2 ✅', body: '所有实例运行正常，耗时 4 分钟。', priority: 3, tags: ['deploy'] });
    s.publish({ title: '🎉 Release 2.0 shipped 🚀', body: 'Thanks everyone 🙌', priority: 4 });
    s.publish({ type: 'system', title: '数据库将于今晚 22:00 维护', body: '预计 30 分钟，期间只读。', level: 'warning' });
    s.publish({ type: 'system', title: 'Disk usage above 90% on db-2', body: 'Free some space soon.', level: 'critical' });
    const dump = s.publish({ title: 'Crash log dump', body: `stack trace follows${'\n'.repeat(5000)}end of dump`, priority: 2 });
    s.publish({ type: 'new_comment', itemId: dump.id, author: LONG_AUTHOR, body: 'Seen this before 🤔' });
    const roadmap = s.publish({ title: 'Q4 roadmap draft / 第四季度路线图', body: 'Please read and comment by Friday.\n请在周五前阅读并评论。', priority: 3 });
    s.publish({ type: 'new_comment', itemId: roadmap.id, author: 'Anna', body: 'Looks great, one question on item 3.' });
    s.publish({ type: 'new_comment', itemId: roadmap.id, author: '李雷', body: '同意，周四前给详细意见。' });
    s.publish({ type: 'like_update', itemId: roadmap.id });
    // The real ntfy's JSON publishing, with what its senders attach (shown as text and links in the detail).
    const pager = {
      topic: 'ops',
      title: 'Pager alert',
      message: 'A tag as long as a sentence.',
      tags: [LONG_TAG],
      markdown: true,
      icon: `https://icons.example/${'very-long-icon-name-'.repeat(8)}.png`,
      attach: `https://files.example/${'report-'.repeat(20)}.pdf`,
      actions: [
        { action: 'view', label: 'Open the runbook / 打开运行手册', url: 'https://runbook.example/pager' },
        { action: 'http', label: 'Acknowledge', url: `https://pager.example/${'ack/'.repeat(30)}`, method: 'PUT' },
      ],
    };
    const res = await fetch(ntfy.url, { method: 'POST', body: JSON.stringify(pager) });
    expect(res.ok).toBe(true);
    for (const t of ['Q4 roadmap', 'Crash log dump', 'Pager alert']) await row(page, t).waitFor({ timeout: UI_TIMEOUT });

    const findings: Array<{ view: string; found: AxeFinding[] }> = [];
    const spills: Array<{ view: string; found: string[] }> = [];
    async function check(view: string): Promise<void> {
      await settle(page);
      const blockers = blocking(await runAxe(page));
      if (blockers.length > 0) findings.push({ view, found: blockers });
      const spilled = await horizontalOverflow(page);
      if (spilled.length > 0) spills.push({ view, found: spilled });
      // The header keeps the unread count and the way to Settings (or back) in the window.
      expect(await onScreen(page, '[data-testid="unread-count"]'), `${view}: unread count on screen`).toBe(true);
      expect(await onScreen(page, '[data-testid="open-settings"], [data-testid="open-inbox"]'), `${view}: settings button on screen`).toBe(true);
      await shot(page, view);
    }
    async function openDetail(title: string): Promise<Locator> {
      await row(page, title).click();
      const detail = page.getByTestId('item-detail');
      await showing(detail.getByRole('heading', { level: 2 }), title);
      return detail;
    }

    for (const lang of ['en', 'zh-CN'] as const) {
      stack.app.settings.update({ language: lang });
      await showing(page.getByTestId('unread-count'), lang === 'en' ? 'unread' : '未读');
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        for (const width of [420, 1100]) {
          await page.setViewportSize({ width, height: 720 });
          const at = `${lang}-${theme}-${width}`;
          await page.getByTestId('notification-list').waitFor({ timeout: UI_TIMEOUT });
          await check(`list-${at}`);

          const detail = await openDetail('Q4 roadmap');
          await detail.getByTestId('comment').nth(1).waitFor({ timeout: UI_TIMEOUT });
          await check(`detail-${at}`);
          await page.keyboard.press('Escape');

          // 5 000 newlines: clamped, so Like is in view without scrolling; a 100-character author stays in its card.
          const crash = await openDetail('Crash log dump');
          await crash.getByTestId('comment').first().waitFor({ timeout: UI_TIMEOUT });
          expect(await onScreen(page, '[data-testid="like-button"]'), `${at}: Like in view under a huge body`).toBe(true);
          await check(`hostile-body-${at}`);
          await page.keyboard.press('Escape');

          const tagged = await openDetail('Pager alert');
          await tagged.locator('.tags li').first().waitFor({ timeout: UI_TIMEOUT });
          await tagged.getByTestId('item-action').first().waitFor({ timeout: UI_TIMEOUT });
          await check(`hostile-tag-${at}`);
          await page.keyboard.press('Escape');

          await page.getByTestId('open-settings').click();
          await page.getByTestId('shortcut-list').waitFor({ timeout: UI_TIMEOUT });
          await check(`settings-${at}`);
          await page.getByTestId('add-source').click();
          const editor = page.getByTestId('source-editor');
          await editor.waitFor({ timeout: UI_TIMEOUT });
          await check(`source-editor-${at}`);
          await editor.getByRole('button', { name: lang === 'en' ? 'Cancel' : '取消' }).click();
          await editor.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
          await page.keyboard.press('Escape');
          await page.getByTestId('settings-page').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
        }
      }
    }
    expect(findings).toEqual([]);
    expect(spills).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });

  it('works from the keyboard: the list is one Tab stop, focus goes into the detail and back, Escape closes', async () => {
    stack = await Stack.start();
    const { page } = stack;
    for (let n = 1; n <= 6; n++) stack.server!.publish({ title: `Keyboard item ${n}`, body: `Body ${n}` });
    await row(page, 'Keyboard item 1').waitFor({ timeout: UI_TIMEOUT });

    for (const width of [1100, 420]) {
      await page.setViewportSize({ width, height: 720 });
      // From the last filter control, one Tab reaches the list and the next one leaves it.
      await page.locator('.filters select').last().focus();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ testid: 'notification-row', index: '0' });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toMatchObject({ index: '2' });
      await page.keyboard.press('End');
      expect(await focused(page)).toMatchObject({ index: '5' });
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      expect((await focused(page)).testid).not.toBe('notification-row');
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toMatchObject({ testid: 'notification-row', index: '1' });

      // Enter opens: the focus is on the item's title. Escape closes: back on its row.
      await page.keyboard.press('Enter');
      await page.getByTestId('item-detail').waitFor({ timeout: UI_TIMEOUT });
      await page.waitForFunction(() => document.activeElement?.id === 'detail-title', undefined, { timeout: UI_TIMEOUT });
      await page.keyboard.press('Tab');
      expect((await focused(page)).testid).not.toBe('notification-row');
      await page.keyboard.press('Escape');
      await page.getByTestId('item-detail').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      await page.waitForFunction(() => document.activeElement?.dataset.index === '1', undefined, { timeout: UI_TIMEOUT });
      expect(await page.getByTestId('notification-row').locator('xpath=self::*[@tabindex="0"]').count()).toBe(1);

      // Escape leaves Settings, back on the Settings button.
      await page.getByTestId('open-settings').click();
      await page.getByTestId('shortcut-list').waitFor({ timeout: UI_TIMEOUT });
      await page.keyboard.press('Escape');
      await page.getByTestId('settings-page').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      expect((await focused(page)).testid).toBe('open-settings');
    }
    expect(stack.pageErrors).toEqual([]);
  });

  it('announces arrivals politely and coalesced, the connection going and coming back, and waiting actions', async () => {
    stack = await Stack.start();
    const { page } = stack;
    await showing(page.getByTestId('connection-status'), 'Connected');
    const announcer = page.getByTestId('announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');

    for (let n = 1; n <= 3; n++) stack.server!.publish({ title: `Burst ${n}`, body: '' });
    await showing(announcer, /^3 new notifications$/);
    expect(await page.getByTestId('notification-row').count()).toBe(3);

    await row(page, 'Burst 2').click();
    await page.getByTestId('item-detail').waitFor({ timeout: UI_TIMEOUT });
    await stack.stopServer();
    await showing(page.getByTestId('connection-banner-region'), 'Connection lost');
    await page.getByTestId('like-button').click();
    await showing(page.getByTestId('sync-progress'), /^1 action waiting for the connection$/);
    expect(await page.getByTestId('sync-progress').locator('.spinner').count()).toBe(0);
    // The outage view, narrow, in both themes: nothing spills, nothing blocks a screen reader.
    await page.setViewportSize({ width: 420, height: 720 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await settle(page);
      expect(blocking(await runAxe(page))).toEqual([]);
      expect(await horizontalOverflow(page)).toEqual([]);
      await shot(page, `offline-waiting-en-${theme}-420`);
    }

    const server = await stack.restartServer();
    await showing(announcer, 'Back online');
    await page.getByTestId('sync-progress').waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    stack.app.settings.update({ language: 'zh-CN' });
    await showing(page.getByTestId('unread-count'), '未读');
    server.publish({ title: '新消息一', body: '' });
    server.publish({ title: '新消息二', body: '' });
    await showing(announcer, /^2 条新通知$/);
    expect(stack.pageErrors).toEqual([]);
  });
});
