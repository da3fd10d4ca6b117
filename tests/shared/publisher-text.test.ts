/** The boundary for publisher content: what every string a server sends becomes, once, at ingest. */
import fc from 'fast-check';
import { ID_MAX, TEXT_FIELDS, isPublisherId, publisherText, rewriteText, type TextFieldName } from '../../src/shared/publisher-text';
import { hostileText } from '../helpers/hostile-text';

const FIELDS = Object.keys(TEXT_FIELDS) as TextFieldName[];

/** A lone surrogate, a noncharacter (BMP or supplementary), or a C0/C1 control or DEL — never allowed. */
const FORBIDDEN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const SINGLE_LINE_FORBIDDEN = /[\n\t\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

describe('publisherText', () => {
  it('replaces noncharacters and lone surrogates with U+FFFD, keeping real pairs', () => {
    expect(publisherText('a\uFFFEb\uFFFFc\uFDD0d', 'title')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(publisherText('x\uD800y\uDC00z', 'body')).toBe('x\uFFFDy\uFFFDz');
    expect(publisherText('end\uD83D', 'title')).toBe('end\uFFFD');
    expect(publisherText('\uD83F\uDFFE plane 1', 'title')).toBe('\uFFFD plane 1');
    expect(publisherText('😀 通知', 'title')).toBe('😀 通知');
  });

  it('turns controls into spaces; bodies keep line feeds and tabs, with CR LF and CR as line feeds', () => {
    expect(publisherText('red \u001b[31malert\u0007', 'title')).toBe('red  [31malert ');
    expect(publisherText('one\ntwo\tthree\r\nfour\rfive\u0085', 'body')).toBe('one\ntwo\tthree\nfour\nfive ');
    expect(publisherText('one\ntwo\u2028three', 'title')).toBe('one two three');
  });

  it('drops explicit bidi controls from single-line fields, keeps them in bodies', () => {
    expect(publisherText('Invoice_\u202Efdp.exe', 'title')).toBe('Invoice_fdp.exe');
    expect(publisherText('\u2067שלום\u2069 \u202Bעולם\u202C', 'tag')).toBe('שלום עולם');
    expect(publisherText('\u2067שלום\u2069', 'body')).toBe('\u2067שלום\u2069');
  });

  it('caps each field, visibly, never inside a surrogate pair', () => {
    const title = publisherText('x'.repeat(TEXT_FIELDS.title.max + 1), 'title');
    expect(title).toHaveLength(TEXT_FIELDS.title.max);
    expect(title.endsWith('…')).toBe(true);
    expect(publisherText('x'.repeat(TEXT_FIELDS.title.max), 'title')).toBe('x'.repeat(TEXT_FIELDS.title.max));
    const emoji = publisherText('😀'.repeat(TEXT_FIELDS.tag.max), 'tag');
    expect(emoji.length).toBeLessThanOrEqual(TEXT_FIELDS.tag.max);
    expect(emoji).toBe(`${'😀'.repeat((TEXT_FIELDS.tag.max - 2) / 2)}…`);
  });

  it('property: for any string and field, the result is clean, within its cap, and normalising again changes nothing', () => {
    fc.assert(
      fc.property(hostileText(60), fc.constantFrom(...FIELDS), (raw, field) => {
        const clean = publisherText(raw, field);
        expect(clean).not.toMatch(FORBIDDEN);
        if (!TEXT_FIELDS[field].lines) expect(clean).not.toMatch(SINGLE_LINE_FORBIDDEN);
        expect(clean.length).toBeLessThanOrEqual(TEXT_FIELDS[field].max);
        expect(publisherText(clean, field)).toBe(clean);
      }),
      { numRuns: 500 },
    );
  });

  it('property: at the cap too (long hostile text)', () => {
    fc.assert(
      fc.property(hostileText(8), fc.integer({ min: 1, max: 400 }), fc.constantFrom<TextFieldName>('tag', 'author', 'title'), (unit, times, field) => {
        const clean = publisherText(unit.repeat(times), field);
        expect(clean).not.toMatch(FORBIDDEN);
        expect(clean.length).toBeLessThanOrEqual(TEXT_FIELDS[field].max);
        expect(publisherText(clean, field)).toBe(clean);
      }),
      { numRuns: 200 },
    );
  });

  it('property: the shortcut for clean text gives what the full rewrite gives, for every field', () => {
    const fields = Object.keys(TEXT_FIELDS) as TextFieldName[];
    fc.assert(
      fc.property(fc.oneof(hostileText(40), fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 3000 })), fc.constantFrom(...fields), (text, field) => {
        expect(publisherText(text, field)).toBe(rewriteText(text, field));
      }),
      { numRuns: 2000 },
    );
  });

  it('does work linear in the input: doubling a hostile input doubles the code units read', () => {
    const reads = (text: string): number => {
      const spy = vi.spyOn(String.prototype, 'charCodeAt');
      try {
        publisherText(text, 'body');
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const unit = '\uFFFE\u001b\r\n\uD800a\u202E';
    const small = reads(unit.repeat(500));
    const large = reads(unit.repeat(1000));
    expect(small).toBeGreaterThanOrEqual(unit.length * 500);
    expect(large).toBeLessThanOrEqual(small * 2 + 2);
  });
});

describe('isPublisherId', () => {
  it('accepts plain text ids of any script, refuses controls, line breaks, bidi controls, surrogates and noncharacters', () => {
    for (const id of ['42', 'ops:AbCdEf123456', '1717000000:0', 'a b/&?=#%😀', '通知-7']) expect(isPublisherId(id), id).toBe(true);
    for (const id of ['', 'a\nb', 'a\u0000', 'a\u007f', 'a\u0085', 'a\u2028', 'a\u202Eb', 'a\u2066', '\uD800', 'x\uDC00', '\uFFFE', '\uFDD0', '\uDBFF\uDFFF', 'x'.repeat(ID_MAX + 1), 42, null]) {
      expect(isPublisherId(id), JSON.stringify(id)).toBe(false);
    }
  });

  it('property: an accepted id is already clean text (the boundary would not change it)', () => {
    fc.assert(
      fc.property(hostileText(20), (raw) => {
        if (isPublisherId(raw)) {
          expect(raw).not.toMatch(FORBIDDEN);
          expect(raw).not.toMatch(SINGLE_LINE_FORBIDDEN);
          expect(publisherText(raw, 'label')).toBe(raw);
        }
      }),
      { numRuns: 500 },
    );
  });
});
