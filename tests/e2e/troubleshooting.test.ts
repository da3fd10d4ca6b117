/**
 * Settings → Troubleshooting in Chromium, over the real invoke handlers and diagnostics builder: axe finds nothing
 * serious and nothing spills at 420 px, in both languages, with the section alone and with the diagnostics preview
 * open; the placeholder box hides the reference server's address; copy shares exactly the preview. Screenshots go
 * to .artifacts/screenshots (troubleshooting-<lang>-<width>.png, diagnostics-<lang>-<width>.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { blocking, runAxe } from './harness/axe';
import { horizontalOverflow } from './harness/layout';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

describe('Settings → Troubleshooting in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('is readable and usable in both languages at 420 and 1100 px; the preview is what is copied', async () => {
    stack = await Stack.start();
    const { page } = stack;
    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('settings-troubleshooting');
    await section.waitFor({ timeout: UI_TIMEOUT });
    mkdirSync(SHOTS, { recursive: true });

    const host = new URL(stack.app.settings.get().sources[0]!.url).hostname;
    for (const lang of ['en', 'zh-CN'] as const) {
      stack.app.settings.update({ language: lang });
      await section.getByRole('heading', { name: lang === 'en' ? 'Troubleshooting' : '故障排查' }).waitFor({ timeout: UI_TIMEOUT });
      for (const width of [420, 1100]) {
        await page.setViewportSize({ width, height: 900 });
        await section.scrollIntoViewIfNeeded();
        expect(blocking(await runAxe(page)), `${lang} ${width}`).toEqual([]);
        expect(await horizontalOverflow(page), `${lang} ${width}`).toEqual([]);
        await section.screenshot({ path: resolve(SHOTS, `troubleshooting-${lang}-${width}.png`) });
      }

      await section.getByTestId('diagnostics-open').click();
      const preview = section.getByTestId('diagnostics-text');
      await preview.waitFor({ timeout: UI_TIMEOUT });
      expect(await preview.inputValue()).not.toContain(host);
      expect(await preview.inputValue()).toContain('host-1');
      for (const width of [420, 1100]) {
        await page.setViewportSize({ width, height: 900 });
        await section.scrollIntoViewIfNeeded();
        expect(blocking(await runAxe(page)), `preview ${lang} ${width}`).toEqual([]);
        expect(await horizontalOverflow(page), `preview ${lang} ${width}`).toEqual([]);
        await section.screenshot({ path: resolve(SHOTS, `diagnostics-${lang}-${width}.png`) });
      }
      await section.getByTestId('diagnostics-copy').click();
      await expect.poll(() => stack!.app.copied.length, { timeout: UI_TIMEOUT }).toBe(lang === 'en' ? 1 : 2);
      expect(stack.app.copied.at(-1)).toBe(await preview.inputValue());
      await section.getByTestId('diagnostics-close').click();
    }
    expect(stack.pageErrors).toEqual([]);
  });
});
