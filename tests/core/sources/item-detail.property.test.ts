/**
 * The item answer (`GET /items/:id`) is publisher bytes: whatever its shape, reading it never throws anything but a
 * bad_response, keeps at most COMMENTS_KEPT_PER_ITEM comments — the last well-formed ones of the list — and counts
 * every other well-formed one as left out.
 */
import fc from 'fast-check';
import { parseItemDetail } from '../../../src/core/sources/herald-answers';
import { SourceError } from '../../../src/core/transports/http';
import { commentOf } from '../../../src/core/validate-event';
import { COMMENTS_KEPT_PER_ITEM } from '../../../src/shared/stream-limits';

const wellFormed = fc.record({
  id: fc.stringMatching(/^c[0-9]{1,6}$/),
  itemId: fc.constant('1'),
  author: fc.string({ maxLength: 8 }),
  body: fc.string({ maxLength: 8 }),
  time: fc.integer({ min: 0, max: 2_000_000_000 }).map((s) => new Date(s * 1000).toISOString()),
});
const entry = fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) });
// Long enough to cross the limit often (a list of 0 to 700 entries, built cheaply from a short one repeated).
const commentsList = fc.tuple(fc.array(entry, { maxLength: 12 }), fc.nat({ max: 60 })).map(([few, times]) => Array.from({ length: times }, () => few).flat());

describe('parseItemDetail (property)', () => {
  it('keeps the last well-formed comments, at most the limit, and counts all the others', () => {
    fc.assert(
      fc.property(commentsList, fc.anything({ maxDepth: 1 }), (comments, likes) => {
        const detail = parseItemDetail({ item: {}, comments, likes, liked: true, read: false });
        const valid = comments.map(commentOf).filter((c) => c !== null);
        expect(detail.comments.length).toBeLessThanOrEqual(COMMENTS_KEPT_PER_ITEM);
        expect(detail.comments).toEqual(valid.slice(Math.max(0, valid.length - COMMENTS_KEPT_PER_ITEM)));
        expect(detail.comments.length + (detail.omittedComments ?? 0)).toBe(valid.length);
        if (detail.omittedComments !== undefined) expect(detail.omittedComments).toBeGreaterThan(0);
        expect(detail.likes).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });

  it('any answer at all: a detail or a bad_response, nothing else', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        try {
          const detail = parseItemDetail(body);
          expect(Array.isArray(detail.comments)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(SourceError);
          expect((err as SourceError).info.code).toBe('bad_response');
        }
      }),
      { numRuns: 300 },
    );
  });
});
