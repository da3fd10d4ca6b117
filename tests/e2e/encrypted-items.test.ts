/**
 * End-to-end encrypted notifications in Chromium (issue 22), over the real reference server, the real core and the
 * app's own IPC handlers: sealed items say only their state, in both languages; a key pasted in the source editor
 * opens them in place; "Copy key" reaches the clipboard from main while no key ever reaches the page. Screenshots go
 * to .artifacts/screenshots (sealed-<state>-<lang>.png, source-keys-<lang>.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { generateHeraldKey, parseKeyString } from '../../src/core/e2e/index';
import { sealJwe } from '../../src/core/e2e/jwe';
import { blocking, runAxe } from './harness/axe';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;
const SHOTS = resolve(import.meta.dirname, '../../.artifacts/screenshots');

/** The page global used inside page functions (this file is type-checked for Node, without the DOM library). */
declare const document: { getAnimations(): Array<{ playState: string }>; documentElement: { outerHTML: string } };

async function shot(target: Page | Locator, page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: UI_TIMEOUT });
  await target.screenshot({ path: resolve(SHOTS, `${name}.png`) });
}

async function showing(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
}

const WORDS = {
  en: { no_key: 'Encrypted — no key for this source', undecryptable: 'Encrypted — could not be decrypted', settings: 'Settings' },
  'zh-CN': { no_key: '已加密 — 此来源没有密钥', undecryptable: '已加密 — 无法解密', settings: '设置' },
} as const;

describe('encrypted notifications in Chromium', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('sealed items show only their state in both languages; a pasted key opens them; no key reaches the page', async () => {
    stack = await Stack.start();
    const { page, app } = stack;
    const sourceId = app.settings.get().sources[0]!.id;
    const key = generateHeraldKey();
    const parsed = parseKeyString(key);
    if ('error' in parsed) throw new Error(parsed.error);
    stack.server!.publish({ jwe: await sealJwe(JSON.stringify({ title: 'Payroll run approved', body: 'Totals attached', priority: 4 }), parsed) });
    stack.server!.publish({ jwe: await sealJwe(JSON.stringify({ title: 'Second secret', body: 'more', priority: 3 }), parsed) });
    const rows = page.getByTestId('notification-row');
    await showing(rows, WORDS.en.no_key);

    // No key: then a key that does not open them (generated in Settings) — both states, both languages.
    for (const state of ['no_key', 'undecryptable'] as const) {
      if (state === 'undecryptable') app.settings.generateSourceKey(sourceId);
      for (const lang of ['en', 'zh-CN'] as const) {
        app.settings.update({ language: lang });
        await showing(rows, WORDS[lang][state]);
        await rows.first().click();
        await showing(page.getByTestId('item-detail').getByRole('heading', { level: 2 }), WORDS[lang][state]);
        expect(await page.getByTestId('detail-body').count()).toBe(0);
        expect(blocking(await runAxe(page)), `${state} ${lang}`).toEqual([]);
        await shot(page, page, `sealed-${state}-${lang}`);
      }
    }
    app.settings.update({ language: 'en' });

    // The source editor: one (wrong) key listed, never shown; paste the right one.
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-page').getByRole('button', { name: 'Edit' }).first().click();
    const keys = page.getByTestId('source-keys');
    await keys.getByTestId('source-key').first().waitFor({ timeout: UI_TIMEOUT });
    for (const lang of ['zh-CN', 'en'] as const) {
      app.settings.update({ language: lang });
      await showing(keys, lang === 'en' ? 'Encryption keys' : '加密密钥');
      expect(blocking(await runAxe(page)), `editor ${lang}`).toEqual([]);
      await shot(keys, page, `source-keys-${lang}`);
    }
    await keys.getByPlaceholder('Paste a key').fill(key);
    await keys.getByRole('button', { name: 'Add key' }).click();
    await showing(keys.getByTestId('keys-status'), 'Key added');
    expect(await keys.getByTestId('source-key').count()).toBe(2);

    // Copy key 1 (the one just added): main writes the clipboard; the page never held any saved key.
    await keys.getByRole('button', { name: 'Copy key' }).first().click();
    await showing(keys.getByTestId('keys-status'), 'Key 1 is on the clipboard');
    expect(app.copied.at(-1)).toBe(key);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    for (const saved of app.settings.sourceConfigs()[0]!.e2eKeys!) expect(html).not.toContain(saved);

    // Back in the list, the same two items are open now (updated in place, no restart).
    await page.getByTestId('settings-page').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('open-inbox').click();
    await showing(rows, 'Payroll run approved');
    await showing(rows, 'Second secret');
    expect(await rows.count()).toBe(2);
    expect(stack.pageErrors).toEqual([]);
  });
});
