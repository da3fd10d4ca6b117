/**
 * Saved views and Settings → Saved views / Move to another machine in Chromium at 420 px: the view buttons with
 * their counts above the list, choosing one by keyboard, and the editor sections — axe-clean and not spilling, in
 * English and Chinese. Screenshots go to .artifacts/screenshots (saved-views-<lang>-420.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { blocking, runAxe } from './harness/axe';
import { horizontalOverflow } from './harness/layout';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

describe('Saved views in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('a view narrows the list from the keyboard, and the sections read well in both languages at 420 px', async () => {
    stack = await Stack.start({ viewport: { width: 420, height: 900 } });
    const { page, app } = stack;
    mkdirSync(SHOTS, { recursive: true });
    stack.server!.publish({ title: 'Disk almost full', body: 'db-1 at 95%', priority: 5 });
    stack.server!.publish({ title: 'Weekly digest', body: 'All quiet', priority: 2 });
    await page.getByTestId('notification-row').filter({ hasText: 'Weekly digest' }).waitFor({ timeout: UI_TIMEOUT });
    app.settings.update({ savedViews: [{ id: 'view-urgent', name: 'Urgent, unread', filter: { unreadOnly: true, minPriority: 4, includeRouted: true } }] });

    const group = page.getByRole('group', { name: 'Saved views' });
    const view = group.getByRole('button', { name: /Urgent, unread/ });
    await view.waitFor({ timeout: UI_TIMEOUT });
    expect(await view.textContent()).toContain('1 item');
    await view.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => view.getAttribute('aria-pressed'), { timeout: UI_TIMEOUT }).toBe('true');
    await expect.poll(() => page.getByTestId('notification-row').count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await page.getByTestId('notification-row').first().textContent()).toContain('Disk almost full');

    for (const lang of ['en', 'zh-CN'] as const) {
      app.settings.update({ language: lang });
      await page.getByRole('group', { name: lang === 'en' ? 'Saved views' : '已保存的视图' }).waitFor({ timeout: UI_TIMEOUT });
      expect(blocking(await runAxe(page)), `list ${lang}`).toEqual([]);
      expect(await horizontalOverflow(page), `list ${lang}`).toEqual([]);
      await page.screenshot({ path: resolve(SHOTS, `saved-views-${lang}-420.png`) });

      await page.getByTestId('open-settings').click();
      const views = page.getByTestId('settings-views');
      await views.getByTestId('view-add').click();
      await views.getByTestId('view-editor').waitFor({ timeout: UI_TIMEOUT });
      await page.getByTestId('settings-transfer').scrollIntoViewIfNeeded();
      expect(blocking(await runAxe(page)), `settings ${lang}`).toEqual([]);
      expect(await horizontalOverflow(page), `settings ${lang}`).toEqual([]);
      await views.screenshot({ path: resolve(SHOTS, `saved-views-editor-${lang}-420.png`) });
      await page.getByTestId('open-inbox').click();
      await page.getByTestId('settings-page').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    }
    expect(stack.pageErrors).toEqual([]);
  });
});
