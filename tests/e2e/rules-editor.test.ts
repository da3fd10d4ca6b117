/**
 * Settings → Rules in Chromium, over the real invoke handlers, settings rulebook and core evaluation: a person makes
 * the acceptance example with the form alone ("CI failures from topic ci pop up with the urgent sound,
 * everything else from ci only in a 30-minute digest"), tests it against the recent items, and the section is
 * axe-clean with nothing spilling at 420 px, in English and Chinese. Screenshots go to .artifacts/screenshots
 * (rules-editor-<lang>-420.png, rule-form-<lang>-420.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { blocking, runAxe } from './harness/axe';
import { horizontalOverflow } from './harness/layout';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

describe('Settings → Rules in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('the acceptance example is made through the form at 420 px, saved by main, tested, and readable in both languages', async () => {
    stack = await Stack.start({ viewport: { width: 420, height: 900 } });
    const { page } = stack;
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('settings-rules');
    await section.waitFor({ timeout: UI_TIMEOUT });

    const addRule = async (fill: () => Promise<void>, shot?: string) => {
      await section.getByRole('button', { name: 'Add rule' }).click();
      const form = section.getByTestId('rule-form');
      await form.waitFor({ timeout: UI_TIMEOUT });
      await fill();
      if (shot) {
        expect(blocking(await runAxe(page)), shot).toEqual([]);
        expect(await horizontalOverflow(page), shot).toEqual([]);
        // Tall enough for the whole form in one picture (the settings page scrolls inside the window).
        await page.setViewportSize({ width: 420, height: 1700 });
        await form.screenshot({ path: resolve(SHOTS, shot) });
        await page.setViewportSize({ width: 420, height: 900 });
      }
      await form.getByRole('button', { name: 'Save rule' }).click();
      await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    };
    await addRule(async () => {
      await section.getByLabel('Name', { exact: true }).fill('CI failures');
      await section.getByLabel('Topic or channel is').fill('ci');
      await section.getByLabel('Title contains').fill('failed');
      await section.getByLabel('Sound').selectOption('urgent');
    }, 'rule-form-en-420.png');
    await addRule(async () => {
      await section.getByLabel('Name', { exact: true }).fill('Rest of ci');
      await section.getByLabel('Topic or channel is').fill('ci');
      await section.getByLabel('Collect into one digest every … minutes').fill('30');
    });

    // Saved by main through its rulebook, in order.
    await expect.poll(() => stack!.app.settings.get().rules.map((r) => r.name), { timeout: UI_TIMEOUT }).toEqual(['CI failures', 'Rest of ci']);
    const [failures, rest] = stack.app.settings.get().rules;
    expect([failures?.match, failures?.actions]).toEqual([{ title: { kind: 'words', words: 'failed' }, channel: 'ci' }, { sound: 'urgent' }]);
    expect([rest?.match, rest?.actions, rest?.continue]).toEqual([{ channel: 'ci' }, { digestMinutes: 30 }, false]);

    await section.getByRole('button', { name: 'Test against the last 100 items' }).click();
    await section.getByRole('status').filter({ hasText: /recent item|no items/ }).waitFor({ timeout: UI_TIMEOUT });

    for (const lang of ['en', 'zh-CN'] as const) {
      stack.app.settings.update({ language: lang });
      await section.getByRole('heading', { name: lang === 'en' ? 'Rules' : '规则' }).waitFor({ timeout: UI_TIMEOUT });
      await section.scrollIntoViewIfNeeded();
      expect(blocking(await runAxe(page)), lang).toEqual([]);
      expect(await horizontalOverflow(page), lang).toEqual([]);
      await section.screenshot({ path: resolve(SHOTS, `rules-editor-${lang}-420.png`) });
    }
    // The form in Chinese, for the screenshot pair.
    await section.getByRole('button', { name: '添加规则' }).click();
    const form = section.getByTestId('rule-form');
    await form.waitFor({ timeout: UI_TIMEOUT });
    expect(blocking(await runAxe(page)), 'form zh-CN').toEqual([]);
    expect(await horizontalOverflow(page), 'form zh-CN').toEqual([]);
    await page.setViewportSize({ width: 420, height: 1700 });
    await form.screenshot({ path: resolve(SHOTS, 'rule-form-zh-CN-420.png') });
    expect(stack.pageErrors).toEqual([]);
  });
});
