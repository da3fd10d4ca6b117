/**
 * The Markdown image addresses main accepts as "carried by the item" are exactly the images the window shows: both
 * come from one reader's tree (src/shared/markdown), so a publisher cannot find a body one side reads as an image and
 * the other does not. Body text, links and escaped images never count.
 */
import fc from 'fast-check';
import { markdownImageUrls } from '../../../src/shared/markdown/images';
import { markdownWork, parseMarkdown } from '../../../src/shared/markdown/markdown';
import { carriedImageUrls } from '../../../src/shared/remote-image';
import { toHtml } from './to-html';

describe('image addresses', () => {
  it.each([
    ['![a](https://x.example/a.png)', ['https://x.example/a.png']],
    ['![a](https://x.example/a.png "title") and ![b](<https://y.example/b c.png>)', ['https://x.example/a.png', 'https://y.example/b%20c.png']],
    ['![p](https://en.wikipedia.org/wiki/Mercury_(planet).png)', ['https://en.wikipedia.org/wiki/Mercury_(planet).png']],
    ['![a](https://x.example/a\\).png)', ['https://x.example/a).png']],
    ['![a [b] c](https://x.example/a.png)', ['https://x.example/a.png']],
    ['> - ![deep](https://x.example/deep.png)', ['https://x.example/deep.png']],
    ['[not an image](https://x.example/a.png)', []],
    ['[![inside a link](https://x.example/a.png)](https://x.example/)', []],
    ['https://x.example/a.png written as text', []],
    ['\\![escaped](https://x.example/a.png)', []],
    ['![a](https://x.example/a.png', []],
    ['![a](https://x.example/a b.png)', []],
    ['![a](javascript:alert(1))', []],
    ['![a](https://user:pw@x.example/a.png)', []],
  ])('%j → %j', (body, urls) => {
    expect(markdownImageUrls(body)).toEqual(urls);
  });

  it('an item carries the images of its Markdown body only when the body is Markdown', () => {
    const body = '![a](https://x.example/a.png) and https://x.example/b.png';
    expect([...carriedImageUrls({ body, markdown: true })]).toEqual(['https://x.example/a.png']);
    expect([...carriedImageUrls({ body, markdown: false })]).toEqual([]);
  });

  it('asking again for a body already read costs no parse (one request per image of the item)', () => {
    const body = `![a](https://x.example/a.png) ${'*x* '.repeat(3000)}`;
    carriedImageUrls({ body, markdown: true });
    const before = markdownWork();
    for (let i = 0; i < 100; i++) expect(carriedImageUrls({ body: body.slice(0), markdown: true }).size).toBe(1);
    expect(markdownWork() - before).toBe(0);
  });
});

const markdownish = fc.string({ unit: fc.constantFrom('!', '[', ']', '(', ')', '<', '>', '\\', '"', ' ', '\n', '>', '-', '*', 'a', 'https://h.example/', '.png'), maxLength: 300 });

describe('properties', () => {
  it('every address carried is an <img> the window draws from the same body, and every drawn one is carried', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ maxLength: 300 })), (body) => {
        const carried = markdownImageUrls(body);
        const html = toHtml(parseMarkdown(body));
        const drawn = [...html.matchAll(/<img src="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>')).filter((src) => src !== '');
        expect(carried).toEqual(drawn);
        for (const url of carried) expect(new URL(url).protocol).toMatch(/^https?:$/);
      }),
      { numRuns: 1500 },
    );
  });
});
