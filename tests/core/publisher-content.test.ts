/**
 * Whatever a publisher sends — through a Herald server, ntfy or Nchan — the events that reach the inbox, the toasts
 * and the CLI carry normalised text (src/shared/publisher-text.ts) and ids that survive links and XML unchanged;
 * an event whose id is not plain text is skipped with a reason, like any malformed event.
 */
import fc from 'fast-check';
import { validateEvent, validateEvents } from '../../src/core/validate-event';
import { parseNtfyFrame } from '../../src/core/sources/ntfy-message';
import { toHeraldEvent as fromNchan } from '../../src/core/sources/nchan-message';
import { parseItemDetail } from '../../src/core/sources/herald-answers';
import type { HeraldEvent } from '../../src/shared/events';
import { everyStringClean, hostileNonEmpty, hostileText, isClean, isPublisherId } from '../helpers/hostile-text';

const time = '2026-11-24T08:00:00.000Z';

/** The field rules an event must meet after ingest. */
function expectNormalised(e: HeraldEvent): void {
  expect(isPublisherId(e.id), `event id ${JSON.stringify(e.id)}`).toBe(true);
  expect(everyStringClean(e), JSON.stringify(e)).toBe(true);
  switch (e.type) {
    case 'notification':
    case 'system':
      expect(isPublisherId(e.data.itemId)).toBe(true);
      expect(isClean(e.data.title, 'title'), JSON.stringify(e.data.title)).toBe(true);
      expect(isClean(e.data.body, 'body')).toBe(true);
      if (e.type === 'notification') {
        for (const tag of e.data.tags ?? []) expect(isClean(tag, 'tag'), JSON.stringify(tag)).toBe(true);
        for (const a of e.data.actions ?? []) expect(isClean(a.label, 'label'), JSON.stringify(a.label)).toBe(true);
        if (e.data.attachment) expect(isClean(e.data.attachment.name, 'label')).toBe(true);
      }
      break;
    case 'new_comment':
      expect([e.data.itemId, e.data.comment.id, e.data.comment.itemId].every(isPublisherId)).toBe(true);
      expect(isClean(e.data.comment.author, 'author')).toBe(true);
      expect(isClean(e.data.comment.body, 'comment')).toBe(true);
      break;
    case 'like_update':
      expect(isPublisherId(e.data.itemId)).toBe(true);
      break;
    case 'read_update':
      expect(e.data.itemIds.every(isPublisherId)).toBe(true);
      if (e.data.upTo !== undefined) expect(isPublisherId(e.data.upTo)).toBe(true);
      break;
  }
}

describe('Herald events at ingest', () => {
  it('replaces U+FFFE, U+FFFF and lone surrogates in a title, and drops an override from it', () => {
    const r = validateEvent({ id: '1', type: 'notification', time, data: { itemId: '1', title: 'Build \uFFFE\uFFFF\uD800 \u202Eok', body: 'a\u0000b', priority: 3 } });
    expect(r.ok && r.event.type === 'notification' && [r.event.data.title, r.event.data.body]).toEqual(['Build \uFFFD\uFFFD\uFFFD ok', 'a b']);
  });

  it.each([
    ['a lone surrogate', 'item\uD800'],
    ['a newline', 'item\n2'],
    ['a control character', 'item\u0007'],
    ['a noncharacter', 'item\uFFFF'],
  ])('skips, with a reason, an event whose item id has %s', (_what, itemId) => {
    const r = validateEvents([
      { id: '1', type: 'notification', time, data: { itemId, title: 'T', body: '', priority: 3 } },
      { id: '2', type: 'like_update', time, data: { itemId, likes: 1, liked: false } },
      { id: '3', type: 'read_update', time, data: { itemIds: ['ok', itemId] } },
      { id: itemId, type: 'notification', time, data: { itemId: 'ok', title: 'T', body: '', priority: 3 } },
    ]);
    expect(r.events).toEqual([]);
    expect(r.malformed).toHaveLength(4);
  });

  it('property: validating anything never throws, and what passes is normalised', () => {
    const data = fc.record(
      {
        itemId: hostileNonEmpty(),
        title: hostileText(),
        body: hostileText(),
        priority: fc.integer({ min: 1, max: 5 }),
        level: fc.constantFrom('info', 'warning', 'critical'),
        tags: fc.array(hostileText(6), { maxLength: 3 }),
        likes: fc.nat(),
        liked: fc.boolean(),
        itemIds: fc.array(hostileNonEmpty(4), { maxLength: 3 }),
        upTo: hostileNonEmpty(4),
        comment: fc.record({ id: hostileNonEmpty(4), itemId: hostileNonEmpty(4), author: hostileText(8), body: hostileText(), time: fc.constant(time) }),
        actions: fc.array(fc.record({ kind: fc.constantFrom('view', 'http', 'broadcast'), label: hostileNonEmpty(6), url: fc.constant('https://a.example/x'), body: hostileText(6), headers: fc.dictionary(hostileText(3), hostileText(4), { maxKeys: 2 }), intent: hostileText(4) }), { maxLength: 2 }),
        attachment: fc.record({ name: hostileText(6), url: fc.constant('https://a.example/f'), type: hostileText(3) }),
      },
      { requiredKeys: ['itemId', 'title', 'priority', 'level', 'likes', 'liked', 'itemIds', 'comment'] },
    );
    const envelope = fc.record({
      id: fc.oneof(hostileNonEmpty(4), fc.constant('42')),
      type: fc.constantFrom('notification', 'system', 'new_comment', 'like_update', 'read_update'),
      time: fc.constant(time),
      data,
    });
    fc.assert(
      fc.property(envelope, (value) => {
        const r = validateEvent(value);
        if (r.ok) expectNormalised(r.event);
        else expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('normalises the comments of an item answer and leaves out those whose ids are not plain text', () => {
    const detail = parseItemDetail({
      comments: [
        { id: 'c1', itemId: '1', author: 'ann\u202E', body: 'hi\uFFFE', time },
        { id: 'c\n2', itemId: '1', author: 'bob', body: 'x', time },
      ],
    });
    expect(detail.comments).toEqual([{ id: 'c1', itemId: '1', author: 'ann', body: 'hi\uFFFD', time }]);
  });
});

describe('ntfy messages at ingest', () => {
  it('property: parsing any JSON message never throws, and a message carries normalised fields', () => {
    const message = fc.record({
      event: fc.constant('message'),
      id: fc.constantFrom('AbCdEf123456', 'x1y2z3w4v5'),
      time: fc.integer({ min: 1, max: 2_000_000_000 }),
      topic: fc.oneof(fc.constant('ops'), hostileText(6)),
      title: hostileText(),
      message: hostileText(),
      tags: fc.array(hostileText(4), { maxLength: 3 }),
      priority: fc.integer({ min: 0, max: 6 }),
      actions: fc.array(fc.record({ action: fc.constantFrom('view', 'http', 'broadcast'), label: hostileText(5), url: fc.constant('https://a.example/x') }), { maxLength: 2 }),
      attachment: fc.record({ name: hostileText(5), url: fc.constant('https://files.example/f') }),
    }, { requiredKeys: ['event', 'id', 'time'] });
    fc.assert(
      fc.property(message, (m) => {
        const frame = parseNtfyFrame(JSON.stringify(m));
        if (frame.kind === 'message' && frame.event.ok) expectNormalised(frame.event.event);
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(hostileText(40), (text) => void parseNtfyFrame(text)), { numRuns: 300 });
  });
});

describe('Nchan messages at ingest', () => {
  it('property: any body, text or JSON, becomes a normalised event or a reason', () => {
    const body = fc.oneof(
      hostileText(40),
      fc.record({ title: hostileText(), body: hostileText(), tags: fc.array(hostileText(4), { maxLength: 2 }) }).map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(body, fc.constantFrom('message', 'notification', 'system', 'new_comment'), (text, eventName) => {
        const r = fromNchan({ channel: 'ops', eventId: 'ops:1795510446:0', time: 1_795_510_446, eventName, body: text });
        if (r.ok) expectNormalised(r.event);
      }),
      { numRuns: 300 },
    );
  });
});
