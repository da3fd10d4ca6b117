/**
 * The Windows toast XML, for any text a publisher can send: always well-formed XML 1.0 (tests/support/xml-check.ts),
 * and every link in it — the click and each button — comes back as exactly the item it
 * was made for.
 */
import fc from 'fast-check';
import { toastXml, type ToastXmlInput } from '../../../src/main/notifications/toast-xml';
import { canLink, parseDeepLink } from '../../../src/shared/deep-link';
import { hostileNonEmpty, hostileText } from '../../helpers/hostile-text';
import { parseXml } from '../../support/xml-check';

const TOKEN = 'test-token-0123456789abcdef';

const input = (over: Partial<ToastXmlInput>): ToastXmlInput => ({
  title: 'Title',
  body: 'Body',
  sourceId: 'demo',
  itemId: '42',
  sound: 'default',
  token: TOKEN,
  labels: { markRead: 'Mark as read', like: 'Like' },
  ...over,
});

describe('toastXml', () => {
  it.each([
    ['U+FFFE and U+FFFF', 'Build \uFFFE\uFFFF done'],
    ['a lone surrogate', 'Build \uD800 done'],
    ['C0 controls', 'Build \u0000\u0001\u001b done'],
  ])('stays well-formed with %s in the title and body', (_what, text) => {
    const parsed = parseXml(toastXml(input({ title: text, body: text })));
    expect(parsed.ok ? 'well-formed' : parsed.error).toBe('well-formed');
    if (parsed.ok) expect(parsed.doc.getElementsByTagName('text')[0]!.textContent).toMatch(/^Build .+ done$/);
  });

  it('property: for any title, body, labels and ids, the XML is well-formed', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), hostileNonEmpty(), hostileText(6), fc.constantFrom('none', 'default', 'urgent') as fc.Arbitrary<ToastXmlInput['sound']>, (title, body, itemId, label, sound) => {
        const parsed = parseXml(toastXml(input({ title, body, itemId, sound, labels: { markRead: label, like: label } })));
        expect(parsed.ok ? 'well-formed' : parsed.error).toBe('well-formed');
      }),
      { numRuns: 400 },
    );
  });

  it('property: the click and every button act on exactly the item shown, for any id that can be linked', () => {
    fc.assert(
      fc.property(hostileNonEmpty(), fc.constantFrom('demo', 'ops_2', 'a-b'), (itemId, sourceId) => {
        fc.pre(canLink(sourceId, itemId));
        const parsed = parseXml(toastXml(input({ sourceId, itemId })));
        if (!parsed.ok) throw new Error(parsed.error);
        const toast = parsed.doc.documentElement;
        const links = [toast.getAttribute('launch'), ...Array.from(toast.getElementsByTagName('action'), (a) => a.getAttribute('arguments'))];
        expect(links).toHaveLength(3);
        expect(links.map((l) => parseDeepLink(l))).toEqual([
          { kind: 'open', sourceId, itemId },
          { kind: 'act', sourceId, itemId, act: 'read', token: TOKEN },
          { kind: 'act', sourceId, itemId, act: 'like', token: TOKEN },
        ]);
      }),
      { numRuns: 400 },
    );
  });
});
