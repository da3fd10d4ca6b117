/**
 * "Why did this notify?" in Chromium at 420 px: the decision record of a real published item, in words, axe-clean
 * and not spilling, in English and Chinese. Screenshots go to .artifacts/screenshots (why-<lang>-420.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { blocking, runAxe } from './harness/axe';
import { horizontalOverflow } from './harness/layout';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

describe('Why did this notify? in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('shows the rule that collected the item into a digest, in both languages at 420 px', async () => {
    stack = await Stack.start({ viewport: { width: 420, height: 900 } });
    const { page, app } = stack;
    mkdirSync(SHOTS, { recursive: true });
    stack.server!.publish({ title: 'Build passed on main', body: 'ci-builds #4812', priority: 3 });
    const row = page.getByTestId('notification-row').filter({ hasText: 'Build passed on main' });
    await row.waitFor({ timeout: UI_TIMEOUT });
    const key = app.client.items().find((i) => i.title === 'Build passed on main')!.key;
    app.decisions.set(key, {
      toast: false,
      decidedBy: 'digest',
      profile: { scope: 'global', priority: 3 },
      rules: [{ index: 1, id: 'rule-2', name: 'Rest of ci' }],
      sound: 'none',
      badge: true,
      digest: { owner: { kind: 'rule', id: 'rule-2' }, dueAt: Date.UTC(2026, 11, 7, 9, 30) },
    });
    await row.click();
    const why = page.getByTestId('why');
    for (const lang of ['en', 'zh-CN'] as const) {
      app.settings.update({ language: lang });
      const summary = why.getByText(lang === 'en' ? 'Why did this notify?' : '为什么会提醒？');
      await summary.waitFor({ timeout: UI_TIMEOUT });
      await summary.click();
      await why.getByText(lang === 'en' ? /It was collected into a digest, due at/ : /已汇总到摘要中/).waitFor({ timeout: UI_TIMEOUT });
      await why.getByText(lang === 'en' ? 'Rules that matched: \u2068Rest of ci\u2069.' : '匹配的规则：\u2068Rest of ci\u2069。').waitFor({ timeout: UI_TIMEOUT });
      expect(blocking(await runAxe(page)), lang).toEqual([]);
      expect(await horizontalOverflow(page), lang).toEqual([]);
      await why.screenshot({ path: resolve(SHOTS, `why-${lang}-420.png`) });
      await summary.click();
    }
    expect(stack.pageErrors).toEqual([]);
  });
});
