/**
 * The notification profiles and snooze in Settings, in Chromium, over the real main-side settings service: axe finds
 * nothing serious, nothing spills at 420 px, a change reaches main's settings, and screenshots in both languages go
 * to .artifacts/screenshots (profiles-<lang>-<width>.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { blocking, runAxe } from './harness/axe';
import { horizontalOverflow } from './harness/layout';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

describe('notification profiles in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('is readable and usable in both languages at 420 and 1100 px, and a change reaches main', async () => {
    stack = await Stack.start();
    const { page } = stack;
    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('notification-profiles');
    await section.waitFor({ timeout: UI_TIMEOUT });

    await section.getByLabel('2 · Low: Notify').check();
    await expect.poll(() => stack!.app.settings.get().profile[1]?.toast, { timeout: UI_TIMEOUT }).toBe(true);
    await section.getByRole('button', { name: 'Until tomorrow morning' }).click();
    await expect.poll(() => stack!.app.settings.get().snooze.all?.until ?? 0, { timeout: UI_TIMEOUT }).toBeGreaterThan(Date.now());

    mkdirSync(SHOTS, { recursive: true });
    for (const lang of ['en', 'zh-CN'] as const) {
      stack.app.settings.update({ language: lang });
      await section.getByRole('heading', { name: lang === 'en' ? 'Notification profiles' : '通知配置' }).waitFor({ timeout: UI_TIMEOUT });
      for (const width of [420, 1100]) {
        await page.setViewportSize({ width, height: 900 });
        await section.scrollIntoViewIfNeeded();
        expect(blocking(await runAxe(page)), `${lang} ${width}`).toEqual([]);
        expect(await horizontalOverflow(page), `${lang} ${width}`).toEqual([]);
        await section.screenshot({ path: resolve(SHOTS, `profiles-${lang}-${width}.png`) });
      }
    }
    expect(stack.pageErrors).toEqual([]);
  });
});
