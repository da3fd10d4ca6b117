import fc from 'fast-check';
import { actLink, canLink, deepLinkInArgv, openLink, parseDeepLink } from '../../src/shared/deep-link';
import { hostileNonEmpty, hostileText, isPublisherId } from '../helpers/hostile-text';

const TOKEN = 'abcdefghijklmnop0123';

describe('herald:// links', () => {
  it('round-trips open and act links, item ids with any printable text included', () => {
    expect(parseDeepLink(openLink('ops', 'e42'))).toEqual({ kind: 'open', sourceId: 'ops', itemId: 'e42' });
    const odd = 'a b/&?=#%😀';
    expect(parseDeepLink(openLink('ops', odd))).toEqual({ kind: 'open', sourceId: 'ops', itemId: odd });
    expect(parseDeepLink(actLink('ops', 'e1', 'like', TOKEN))).toEqual({ kind: 'act', sourceId: 'ops', itemId: 'e1', act: 'like', token: TOKEN });
    expect(parseDeepLink('herald:open?source=ops&item=e1')).toEqual({ kind: 'open', sourceId: 'ops', itemId: 'e1' });
    expect(openLink('ops', 'e1')).toBe('herald://open?source=ops&item=e1');
  });

  it('refuses everything else', () => {
    const bad: unknown[] = [
      undefined,
      42,
      '',
      'https://open?source=ops&item=e1',
      'herald://open?source=ops',
      'herald://open?item=e1',
      'herald://open?source=../x&item=e1',
      'herald://open?source=ops&item=',
      'herald://open?source=ops&item=a%0Ab',
      'herald://open?source=ops&item=a%E2%80%AEb',
      'herald://open?source=ops&item=a%EF%BF%BE',
      'herald://open?source=ops&item=a%C2%85',
      'herald://open?source=ops&item=e1&source=evil',
      'herald://open?source=ops&item=e1&extra=1',
      'herald://open/more?source=ops&item=e1',
      'herald://user:pw@open?source=ops&item=e1',
      'herald://open:8080?source=ops&item=e1',
      'herald://open?source=ops&item=e1#frag',
      'herald://delete?source=ops&item=e1',
      'herald://act?source=ops&item=e1&do=like',
      'herald://act?source=ops&item=e1&do=unlike&t=' + TOKEN,
      'herald://act?source=ops&item=e1&do=like&t=short',
      `herald://open?source=ops&item=${'x'.repeat(201)}`,
      `herald://open?source=ops&item=e1&pad=${'x'.repeat(3000)}`,
    ];
    for (const link of bad) expect(parseDeepLink(link), String(link).slice(0, 80)).toBeNull();
  });

  it('finds the link among a forwarded command line', () => {
    expect(deepLinkInArgv(['/opt/Herald/herald', '--no-sandbox', 'herald://open?source=ops&item=e1'])).toEqual({ kind: 'open', sourceId: 'ops', itemId: 'e1' });
    expect(deepLinkInArgv(['/opt/Herald/herald', '--flag'])).toBeNull();
  });

  it('property: parsing any string never throws, and what it returns names a linkable item', () => {
    const candidate = fc.oneof(
      hostileText(40),
      hostileText(20).map((t) => `herald://open?source=ops&item=${t}`),
      hostileText(20).map((t) => `herald://act?source=ops&item=${encodeURIComponent(t.replace(/[\uD800-\uDFFF]/g, 'x'))}&do=like&t=${'a'.repeat(16)}`),
    );
    fc.assert(
      fc.property(candidate, (raw) => {
        const link = parseDeepLink(raw);
        if (link) expect(canLink(link.sourceId, link.itemId)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a link made for a linkable item parses back to exactly that item; other ids are not linkable', () => {
    fc.assert(
      fc.property(hostileNonEmpty(), fc.constantFrom('ops', 'demo_1', 'a-b'), (itemId, sourceId) => {
        expect(canLink(sourceId, itemId)).toBe(isPublisherId(itemId));
        if (!canLink(sourceId, itemId)) return;
        expect(parseDeepLink(openLink(sourceId, itemId))).toEqual({ kind: 'open', sourceId, itemId });
        expect(parseDeepLink(actLink(sourceId, itemId, 'read', 'a'.repeat(16)))).toEqual({ kind: 'act', sourceId, itemId, act: 'read', token: 'a'.repeat(16) });
      }),
      { numRuns: 500 },
    );
  });
});
