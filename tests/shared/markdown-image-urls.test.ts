/**
 * The Markdown image destinations main accepts as "carried by the item": what CommonMark calls an inline image's
 * destination, and nothing else of the body. A parser of publisher bytes, so also properties: it never throws, each
 * destination it returns was written after `](` in the body, and its work grows linearly with the input (counted
 * steps, never time).
 */
import fc from 'fast-check';
import { markdownImageUrls, type ScanCounter } from '../../src/shared/markdown-image-urls';

describe('image destinations', () => {
  it.each([
    ['![a](https://x.example/a.png)', ['https://x.example/a.png']],
    ['![a](https://x.example/a.png "title") and ![b](<https://y.example/b c.png>)', ['https://x.example/a.png', 'https://y.example/b c.png']],
    ['![p](https://en.wikipedia.org/wiki/Mercury_(planet).png)', ['https://en.wikipedia.org/wiki/Mercury_(planet).png']],
    ['![a](https://x.example/a\\).png)', ['https://x.example/a).png']],
    ['![a [b] c](https://x.example/a.png)', ['https://x.example/a.png']],
    ['[not an image](https://x.example/a.png)', []],
    ['https://x.example/a.png written as text', []],
    ['\\![escaped](https://x.example/a.png)', []],
    ['![a](https://x.example/a.png', []],
    ['![a](https://x.example/a b.png)', []],
    ['![a]\n(https://x.example/a.png)', []],
    ['![a](  https://x.example/a.png  )', ['https://x.example/a.png']],
  ])('%j → %j', (body, urls) => {
    expect(markdownImageUrls(body)).toEqual(urls);
  });
});

const markdownish = fc.string({ unit: fc.constantFrom('!', '[', ']', '(', ')', '<', '>', '\\', '"', ' ', '\n', 'a', ':', '/'), maxLength: 400 });

describe('properties', () => {
  it('never throws, and every destination was written after "](" in the body (escapes aside)', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ maxLength: 400 })), (body) => {
        for (const url of markdownImageUrls(body)) {
          expect(url.length).toBeGreaterThan(0);
          expect(body).toContain('](');
          for (const ch of url.replace(/[^\w]/g, '')) expect(body).toContain(ch);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('counts linear work: doubling any input at most doubles the steps (plus a constant)', () => {
    fc.assert(
      fc.property(markdownish, (body) => {
        const once: ScanCounter = { steps: 0 };
        const twice: ScanCounter = { steps: 0 };
        markdownImageUrls(body, once);
        markdownImageUrls(body + body, twice);
        expect(twice.steps).toBeLessThanOrEqual(2 * once.steps + 8);
      }),
      { numRuns: 1000 },
    );
    for (const unit of ['![', '![a](', '![a](((', '![a](<', '![a](x "', '\\']) {
      const at = (n: number): number => {
        const c: ScanCounter = { steps: 0 };
        markdownImageUrls(unit.repeat(n), c);
        return c.steps;
      };
      expect(at(8000), unit).toBeLessThanOrEqual(2 * at(4000) + 8);
      expect(at(4000), unit).toBeLessThanOrEqual(4000 * unit.length + 8);
    }
  });
});
