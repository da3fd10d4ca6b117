/**
 * render(parse(x)) holds no active content, for generated bodies (fast-check): the detail view of one item is
 * re-rendered with each body, and every element and attribute in it must be on a short list of inert ones, every
 * link an http(s) address without credentials, and a click on any link opens exactly that one address.
 */
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import fc from 'fast-check';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const TAGS = new Set(['div', 'p', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr', 'a', 'span', 'bdi']);
const ATTRIBUTES = new Set(['class', 'id', 'href', 'title', 'rel', 'start', 'data-testid', 'data-format']);
const TOKENS = [
  '*', '**', '_', '~~', '`', '[', ']', '(', ')', '](', '![', '<', '>', '> ', '# ', '- ', '1. ', '\\', '\n', '\n\n', ' ', 'a', 'b',
  'http://', 'https://ex.example/', 'javascript:alert(1)', 'data:text/html,x', 'u:p@', '<img src=x onerror=alert(1)>', '" onclick="x',
  '<script>', '\u202E', '\u2069', '```', 'vbscript:', 'file:///etc',
];

function inertProblems(root: Element): string[] {
  const found: string[] = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const tag = el.tagName.toLowerCase();
    if (!TAGS.has(tag)) found.push(`<${tag}>`);
    for (const attr of el.getAttributeNames()) if (!ATTRIBUTES.has(attr)) found.push(`${tag}[${attr}]`);
    const href = el.getAttribute('href');
    if (href !== null) {
      const url = new URL(href);
      if (!['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '') found.push(`${tag}[href=${href}]`);
    }
  }
  return found;
}

describe('rendered markdown bodies', () => {
  it('contain only inert elements, and each link opens only its own http(s) address', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, body: 'start', markdown: true })] });
    const r = await renderApp(bridge);
    await fireEvent.click(rows(r.container)[0]!);
    const detail = await within(r.container).findByTestId('item-detail');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), async (tokens) => {
        const body = `${tokens.join('')}\n\nend${++n}`;
        bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [makeItem(1, { read: true, body, markdown: true })] }], unread: 0 });
        const shown = await waitFor(() => {
          const el = within(detail).getByTestId('detail-body');
          expect(el.textContent).toContain(`end${n}`);
          return el;
        });
        expect(inertProblems(shown), JSON.stringify(body)).toEqual([]);
        for (const link of shown.querySelectorAll('a')) {
          bridge.openExternal.mockClear();
          await fireEvent.click(link);
          expect(bridge.openExternal.mock.calls).toEqual([[link.getAttribute('href')]]);
        }
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
