/**
 * A rule's "add a local tag" and "route to a saved view" in Chromium, over the real invoke handlers and settings
 * rulebook (issue 25): the routed item is counted in its view and shown when the view is chosen, the local tag shows
 * on the item marked as local and counts in a tag view; axe-clean at 420 px in English and Chinese. Screenshots go to
 * .artifacts/screenshots (rule-routing-<lang>-420.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { blocking, runAxe } from './harness/axe';
import { horizontalOverflow } from './harness/layout';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

describe('Rules that tag and route, in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('a routed item is in its view with the local tag on it, in both languages at 420 px', async () => {
    stack = await Stack.start({ viewport: { width: 420, height: 900 } });
    const { page, app } = stack;
    mkdirSync(SHOTS, { recursive: true });
    stack.server!.publish({ title: 'Deploy failed', body: 'web-2 rolled back', priority: 2 });
    stack.server!.publish({ title: 'Weekly digest', body: 'All quiet', priority: 2 });
    await page.getByTestId('notification-row').filter({ hasText: 'Weekly digest' }).waitFor({ timeout: UI_TIMEOUT });
    app.settings.update({
      rules: [
        {
          id: 'deploys',
          name: 'Failed deploys',
          scope: { kind: 'global' },
          match: { title: { kind: 'words', words: 'failed' } },
          actions: { addTags: ['ops'], view: 'view-deploys' },
          continue: false,
        },
      ],
      savedViews: [
        // Priority 5 only: nothing published is, so only what the rule routed here is in it.
        { id: 'view-deploys', name: 'Deploys', filter: { unreadOnly: false, minPriority: 5, includeRouted: true } },
        { id: 'view-ops', name: 'Ops', filter: { unreadOnly: false, tags: ['ops'], includeRouted: false } },
      ],
    });

    const group = page.getByRole('group', { name: 'Saved views' });
    const deploys = group.getByRole('button', { name: /Deploys/ });
    const ops = group.getByRole('button', { name: /Ops/ });
    await deploys.waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => deploys.textContent(), { timeout: UI_TIMEOUT }).toContain('1 item');
    expect(await ops.textContent()).toContain('1 item');
    await deploys.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('notification-row').count(), { timeout: UI_TIMEOUT }).toBe(1);
    const row = page.getByTestId('notification-row').first();
    expect(await row.textContent()).toContain('Deploy failed');

    await row.click();
    const local = page.getByTestId('local-tag');
    await local.waitFor({ timeout: UI_TIMEOUT });
    expect(await local.textContent()).toContain('#ops');
    expect(await local.textContent()).toContain('Local tag');

    for (const lang of ['en', 'zh-CN'] as const) {
      app.settings.update({ language: lang });
      await expect.poll(() => local.textContent(), { timeout: UI_TIMEOUT }).toContain(lang === 'en' ? 'Local tag' : '本地标签');
      expect(blocking(await runAxe(page)), lang).toEqual([]);
      expect(await horizontalOverflow(page), lang).toEqual([]);
      await page.screenshot({ path: resolve(SHOTS, `rule-routing-${lang}-420.png`) });
    }
    expect(stack.pageErrors).toEqual([]);
  });
});
