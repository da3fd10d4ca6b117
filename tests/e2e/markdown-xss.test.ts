/**
 * Markdown bodies in real Chromium, published with `format: "markdown"` through the reference server: formatting
 * shows as elements, and the XSS corpus neither runs script, opens a dialog, nor loads anything (a canary HTTP
 * server on 127.0.0.1 that every payload points at must see no request). Hostile bodies that froze the previous
 * reader (issue 19) leave the list and the detail usable.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { MARKDOWN_XSS_CORPUS } from '../support/markdown-xss-corpus';
import { Stack } from './harness/stack';

const UI_TIMEOUT = 15_000;

/** Everything in the detail body (server text) that could run script or load something, found in the page. */
function dangers(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    const root = document.querySelector('[data-testid="detail-body"]');
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'img', 'iframe', 'object', 'embed', 'svg', 'style', 'link', 'video', 'audio', 'form', 'base', 'meta'].includes(tag)) found.push('<' + tag + '>');
      for (const attr of el.getAttributeNames()) if (attr.startsWith('on') || attr === 'style' || attr === 'src' || attr === 'srcset') found.push(tag + '[' + attr + ']');
      const href = el.getAttribute('href');
      if (href !== null && !/^https?:\\/\\/[^@/]+\\//.test(href)) found.push(tag + '[href=' + href + ']');
    }
    return found;
  })()`);
}

describe('markdown bodies in Chromium', () => {
  let stack: Stack | null = null;
  let canary: Server | null = null;
  afterEach(async () => {
    await stack?.stop();
    stack = null;
    await new Promise((resolve) => (canary ? canary.close(resolve) : resolve(undefined)));
    canary = null;
  });

  it('renders formatting as elements, and no payload of the XSS corpus runs or loads anything', async () => {
    const hits: string[] = [];
    canary = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((resolve) => canary!.listen(0, '127.0.0.1', resolve));
    const canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;

    stack = await Stack.start();
    const { page } = stack;
    const s = stack.server!;
    s.publish({ title: 'md-format', body: 'Deploy **done** in *4 min*\n\n- api\n- web\n\n> all green\n\n`make test` and [the dashboard](https://grafana.example/d/1)', format: 'markdown' });

    // The newest item is on top (the list draws only the rows in view): publish, open, check, one at a time.
    const open = async (title: string) => {
      const row = page.getByTestId('notification-row').filter({ hasText: title }).first();
      await row.waitFor({ timeout: UI_TIMEOUT });
      await row.click();
      await page.getByTestId('item-detail').getByRole('heading', { name: title, exact: true }).waitFor({ timeout: UI_TIMEOUT });
    };

    await open('md-format');
    const body = page.getByTestId('detail-body');
    expect(await body.locator('strong').textContent()).toBe('done');
    expect(await body.locator('em').textContent()).toBe('4 min');
    expect(await body.locator('ul li').allTextContents()).toEqual(['api', 'web']);
    expect(await body.locator('blockquote').textContent()).toContain('all green');
    expect(await body.getByRole('link', { name: 'the dashboard' }).getAttribute('href')).toBe('https://grafana.example/d/1');
    await page.keyboard.press('Escape');

    for (let i = 0; i < MARKDOWN_XSS_CORPUS.length; i++) {
      const title = `md-xss-${String(i).padStart(2, '0')}`;
      s.publish({ title, body: MARKDOWN_XSS_CORPUS[i]!.replaceAll('CANARY', canaryUrl), format: 'markdown' });
      await open(title);
      expect(await dangers(page), MARKDOWN_XSS_CORPUS[i]!.slice(0, 60)).toEqual([]);
      await page.keyboard.press('Escape');
    }
    expect(stack.dialogs).toEqual([]);
    expect(hits).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });

  it('a dozen 10 KB hostile headings neither freeze the list nor the detail', async () => {
    stack = await Stack.start();
    const { page } = stack;
    const s = stack.server!;
    // '#', spaces and U+2028: the previous reader's heading pattern backtracked cubically on it (10 KB: about 70 s).
    const hostile = `#${' '.repeat(9_990)}\u2028x`;
    for (let i = 0; i < 12; i++) s.publish({ title: `md-hostile-${i}`, body: hostile, format: 'markdown' });
    s.publish({ title: 'md-after', body: '**after** the storm', format: 'markdown' });

    const after = page.getByTestId('notification-row').filter({ hasText: 'md-after' }).first();
    await after.waitFor({ timeout: UI_TIMEOUT });
    const row = page.getByTestId('notification-row').filter({ hasText: 'md-hostile-11' }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.click();
    await page.getByTestId('item-detail').getByRole('heading', { name: 'md-hostile-11', exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('detail-body').textContent()).toContain('x');
    await page.keyboard.press('Escape');
    await after.click();
    await page.getByTestId('detail-body').locator('strong', { hasText: 'after' }).waitFor({ timeout: UI_TIMEOUT });
    expect(stack.pageErrors).toEqual([]);
  });
});
