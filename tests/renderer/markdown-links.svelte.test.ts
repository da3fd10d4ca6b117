/**
 * Markdown links and images from a hostile publisher (issue 19, point 2): a link can never hold another link, says
 * where it goes unless its words are exactly its address, and bidi controls in its words cannot reverse the app's
 * own words around it.
 */
import { fireEvent, within } from '@testing-library/svelte';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

async function detailFor(body: string) {
  const bridge = new FakeBridge({ items: [makeItem(1, { read: true, body, markdown: true })] });
  const r = await renderApp(bridge);
  await fireEvent.click(rows(r.container)[0]!);
  const detail = await within(r.container).findByTestId('item-detail');
  return { bridge, body: within(detail).getByTestId('detail-body') };
}

/** The explicit bidi controls (embeddings, overrides, isolates) in a text, in order. */
const controls = (text: string): string[] => [...text].filter((c) => /[\u202A-\u202E\u2066-\u2069]/.test(c));

/** True when every isolate opened is closed in order and no embedding or override is left in the text. */
function isolatesBalanced(text: string): boolean {
  let open = 0;
  for (const c of controls(text)) {
    if (c >= '\u2066' && c <= '\u2068') open++;
    else if (c === '\u2069' && open > 0) open--;
    else return false;
  }
  return open === 0;
}

describe('markdown links a publisher cannot make lie', () => {
  it('a link whose words are another link is one link, to its real target, and names that host', async () => {
    const { body, bridge } = await detailFor('[https://bank.example/login](https://evil.example/)');
    const links = body.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', 'https://evil.example/');
    expect(body).toHaveTextContent('https://bank.example/login (evil.example)');
    await fireEvent.click(links[0]!);
    expect(bridge.openExternal.mock.calls).toEqual([['https://evil.example/']]);
  });

  it('an autolink inside a link’s words stays words', async () => {
    const { body } = await detailFor('[see <https://bank.example/> now](https://evil.example/x)');
    expect(body.querySelectorAll('a')).toHaveLength(1);
    expect(body).toHaveTextContent('see https://bank.example/ now (evil.example)');
  });

  it('names the host even when the words contain it as a part', async () => {
    const { body } = await detailFor('[evil.example.bank.example](https://evil.example/) and [login at evil.example](https://evil.example/)');
    expect(body).toHaveTextContent('evil.example.bank.example (evil.example) and login at evil.example (evil.example)');
  });

  it('names no host when the words are exactly the address', async () => {
    const { body } = await detailFor('[https://example.com/a](https://example.com/a) and <https://example.org/b>');
    expect(body.textContent).toBe('https://example.com/a and https://example.org/b');
  });

  it('names the punycode host of a look-alike address, even when the words are that address', async () => {
    // "exаmple" with a Cyrillic а: the words show the look-alike, the label the name that is really opened.
    for (const payload of ['[https://ex\u0430mple.com/](https://ex\u0430mple.com/)', '<https://ex\u0430mple.com/>', 'see https://ex\u0430mple.com/ now']) {
      const { body } = await detailFor(payload);
      expect(body, payload).toHaveTextContent('(xn--exmple-4nf.com)');
      document.body.innerHTML = '';
    }
  });

  it('a right-to-left override in link words or image words cannot reverse the app’s words after them', async () => {
    for (const payload of [
      '[\u202Egnp.exe](https://example.com/) after',
      '![\u202Ebuild graph](https://img.example/g.png) after',
      '![a\u2069\u202Eb](https://img.example/g.png) after',
      '[x\u2069\u2069\u202E](https://example.com/) after',
      '\u202Eplain \u2067words [link](https://example.com/) after',
    ]) {
      const { body } = await detailFor(payload);
      expect(isolatesBalanced(body.textContent ?? ''), JSON.stringify(payload)).toBe(true);
      document.body.innerHTML = '';
    }
  });

  it('keeps balanced parentheses in a link target (CommonMark)', async () => {
    const { body, bridge } = await detailFor('[Mercury](https://en.wikipedia.org/wiki/Mercury_(planet))');
    await fireEvent.click(within(body).getByRole('link', { name: 'Mercury' }));
    expect(bridge.openExternal.mock.calls).toEqual([['https://en.wikipedia.org/wiki/Mercury_(planet)']]);
    expect(body).toHaveTextContent(/^Mercury \(en\.wikipedia\.org\)$/);
  });
});
