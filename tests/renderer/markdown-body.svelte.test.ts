import { fireEvent, within } from '@testing-library/svelte';
import { MARKDOWN_XSS_CORPUS } from '../support/markdown-xss-corpus';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const CANARY = 'http://127.0.0.1:9';

async function detailFor(body: string) {
  const bridge = new FakeBridge({ items: [makeItem(1, { read: true, body, markdown: true })] });
  const r = await renderApp(bridge);
  await fireEvent.click(rows(r.container)[0]!);
  const detail = await within(r.container).findByTestId('item-detail');
  return { bridge, body: within(detail).getByTestId('detail-body'), detail };
}

/** Everything in a rendered body that could run script or load something. */
function dangers(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'img', 'iframe', 'object', 'embed', 'svg', 'style', 'link', 'video', 'audio', 'source', 'picture', 'form', 'input', 'meta', 'base'].includes(tag)) found.push(`<${tag}>`);
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on') || attr === 'style' || attr === 'src' || attr === 'srcset') found.push(`${tag}[${attr}]`);
    }
    const href = el.getAttribute('href');
    if (href !== null && !/^https?:\/\//.test(href)) found.push(`${tag}[href=${href}]`);
    if (href !== null && /^https?:\/\/[^/]*@/.test(href)) found.push(`${tag}[href with credentials]`);
  }
  return found;
}

describe('markdown bodies in the detail view', () => {
  it('renders emphasis, code, lists, quotes and links as elements', async () => {
    const { body, bridge } = await detailFor('Deploy **done** in *4 min* with `make`\n\n- api\n- web\n\n> all green\n\n[Dashboard](https://grafana.example/d/1) and [example.com](https://example.com)');
    expect(body.querySelector('strong')).toHaveTextContent('done');
    expect(body.querySelector('em')).toHaveTextContent('4 min');
    expect(body.querySelector('code')).toHaveTextContent('make');
    expect([...body.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['api', 'web']);
    expect(body.querySelector('blockquote')).toHaveTextContent('all green');
    // A link whose words do not name its host says where it goes.
    expect(body).toHaveTextContent('Dashboard (grafana.example) and example.com');
    await fireEvent.click(within(body).getByRole('link', { name: 'Dashboard' }));
    expect(bridge.openExternal).toHaveBeenCalledWith('https://grafana.example/d/1');
  });

  it('the list row previews the words without the marks', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { body: '**Deploy** done — `make` [log](https://ci.example/1)', markdown: true })] });
    const r = await renderApp(bridge);
    expect(rows(r.container)[0]).toHaveTextContent('Deploy done — make log');
    expect(rows(r.container)[0]).not.toHaveTextContent('**');
  });

  it('an image is never loaded: its alt text, and a link that opens it in the browser', async () => {
    const { body, detail } = await detailFor('![build graph](https://img.example/g.png)');
    expect(detail.querySelector('img')).toBeNull();
    expect(within(body).getByRole('link')).toHaveTextContent('Image: \u2068build graph\u2069 (open \u2068img.example\u2069)');
  });

  it('nothing in the XSS corpus becomes an element that runs, loads, or links anywhere but http(s)', async () => {
    for (const payload of MARKDOWN_XSS_CORPUS) {
      const { body, bridge } = await detailFor(payload.replaceAll('CANARY', CANARY));
      expect(dangers(body), payload.slice(0, 60)).toEqual([]);
      for (const link of body.querySelectorAll('a')) await fireEvent.click(link);
      for (const [url] of bridge.openExternal.mock.calls) expect(String(url), payload.slice(0, 60)).toMatch(/^https?:\/\/[^@/]+\//);
      document.body.innerHTML = '';
    }
  });
});
