/**
 * Properties of the parsers that read a server's bytes as they stream (issue 19, "property-based tests"): the line
 * splitter and the SSE framing in front of eventsource-parser. For any input, cut at any places:
 * - the same lines / the same events as the input whole (chunking invariance);
 * - never a throw;
 * - bounded: nothing longer than one frame is passed on, and only whole lines are;
 * - linear work, counted (`charsScanned`), never timed.
 */
import fc from 'fast-check';
import { createParser } from 'eventsource-parser';
import { createLineSplitter, OVERLONG_HEAD_CHARS, type LineEnds } from '../../../src/core/transports/lines';
import { createSseFraming, OVERSIZED_DATA } from '../../../src/core/transports/sse-framing';

/** Text that looks like an event stream often enough to reach every branch, and plain noise the rest of the time. */
const token = fc.constantFrom('data:', 'data: ', 'data', 'id: 7', 'event: a', 'retry: 50', ': ka', ':', '\n', '\n', '\r', '\r\n', 'x', 'yy', ' ', 'é', '通', '\uE00D', '\uFEFF');
const streamText = fc.oneof(
  fc.array(token, { maxLength: 80 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme-composite', maxLength: 200 }),
);

/** The pieces between cut places (taken modulo the length, sorted): [from, to) ranges covering 0..length. */
function ranges(length: number, places: number[]): [number, number][] {
  const at = [...new Set(places.map((p) => p % (length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => [from, i < at.length ? at[i]! : length]);
}

function cut(text: string, places: number[]): string[] {
  return ranges(text.length, places).map(([from, to]) => text.slice(from, to));
}

function splitAll(ends: LineEnds, pieces: string[], max: number) {
  const lines: string[] = [];
  const splitter = createLineSplitter({ ends, maxLineChars: max, onLine: (line, end, overlong) => lines.push(`${overlong ? 'LONG ' : ''}${line}|${end}`) });
  for (const p of pieces) splitter.push(p);
  splitter.flush();
  return { lines, work: splitter.charsScanned };
}

/** What eventsource-parser makes of the framed text, fed the way the SSE transport feeds it. */
function parseFramed(pieces: string[], options: { crIsContent?: boolean; maxFrameChars: number }) {
  const seen: string[] = [];
  const parser = createParser({
    onEvent: (e) => seen.push(`event ${e.event ?? ''} ${e.id ?? ''} ${JSON.stringify(e.data)}`),
    onComment: (c) => seen.push(`comment ${JSON.stringify(c)}`),
    onRetry: (ms) => seen.push(`retry ${ms}`),
  });
  const framing = createSseFraming(options);
  const outputs: string[] = [];
  for (const p of pieces) {
    const out = framing(p);
    outputs.push(out);
    if (out !== '') parser.feed(out);
  }
  return { seen, outputs, work: framing.charsScanned };
}

describe('line splitter (properties)', () => {
  it.each(['spec', 'lf'] as const)('%s ends: any text cut anywhere gives the lines of the whole text, in linear work', (ends) => {
    fc.assert(
      fc.property(streamText, fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (text, places, max) => {
        const whole = splitAll(ends, [text], max);
        const pieces = splitAll(ends, cut(text, places), max);
        expect(pieces.lines).toEqual(whole.lines);
        // Bounded: an overlong line passes on only its head; a kept line is never over the limit.
        for (const line of pieces.lines) {
          const body = line.slice(0, line.lastIndexOf('|'));
          expect(body.length).toBeLessThanOrEqual(line.startsWith('LONG ') ? 5 + OVERLONG_HEAD_CHARS : max);
        }
        expect(pieces.work).toBeLessThanOrEqual(2 * text.length);
      }),
      { numRuns: 400 },
    );
  });

  it('work stays linear for a line that comes one character at a time (doubling the input at most doubles the count)', () => {
    const work = (n: number) => splitAll('spec', Array.from({ length: n }, () => 'x'), 1_000_000).work;
    expect(work(20_000)).toBeLessThanOrEqual(2 * work(10_000));
    expect(work(20_000)).toBeLessThanOrEqual(2 * 20_000);
  });
});

describe('SSE framing (properties)', () => {
  it.each([false, true])('crIsContent=%s: any stream cut anywhere gives the events of the whole stream, bounded, in linear work', (crIsContent) => {
    fc.assert(
      fc.property(streamText, fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 4, max: 60 }), (text, places, maxFrameChars) => {
        const whole = parseFramed([text], { crIsContent, maxFrameChars });
        const pieces = parseFramed(cut(text, places), { crIsContent, maxFrameChars });
        expect(pieces.seen).toEqual(whole.seen);
        // Only whole lines go to the parser: it never holds a partial one.
        for (const out of pieces.outputs) expect(out === '' || /[\r\n]$/.test(out)).toBe(true);
        // No event's data is longer than one frame (and the mark that it was cut).
        for (const e of pieces.seen) if (e.startsWith('event')) expect(JSON.parse(e.slice(e.indexOf('"'))).length).toBeLessThanOrEqual(maxFrameChars + 1 + OVERSIZED_DATA.length);
        expect(pieces.work).toBeLessThanOrEqual(2 * text.length);
      }),
      { numRuns: 400 },
    );
  });

  it('any bytes, cut anywhere and decoded as the transport decodes them, give the same events as whole', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 200 }), streamText.map((t) => new TextEncoder().encode(t)));
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 20 }), (data, places) => {
        const decodeCut = (parts: Uint8Array[]) => {
          const decoder = new TextDecoder();
          return [...parts.map((p) => decoder.decode(p, { stream: true })), decoder.decode()];
        };
        const parts = ranges(data.length, places).map(([from, to]) => data.subarray(from, to));
        expect(parseFramed(decodeCut(parts), { maxFrameChars: 64 }).seen).toEqual(parseFramed(decodeCut([data]), { maxFrameChars: 64 }).seen);
      }),
      { numRuns: 400 },
    );
  });
});

describe('SSE framing (work on well-formed streams)', () => {
  // A socket hands over pieces that rarely end between events. Whole events are passed on as they are; only the text
  // around each cut (the event it falls in) is split line by line. Counted (`charsSplit`), never timed.
  const event = fc.record({ id: fc.nat(), data: fc.string({ unit: fc.constantFrom('a', ' ', '{', '"', 'é', '通'), maxLength: 80 }) });
  it('any stream of whole events, cut anywhere, is split line by line only around the cuts', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (events, places) => {
        const frames = events.map((e) => `id: ${e.id}\nevent: notification\ndata: ${e.data}\n\n`);
        const text = frames.join('');
        const longest = Math.max(...frames.map((f) => f.length));
        const pieces = cut(text, places);
        const framing = createSseFraming({ maxFrameChars: 100_000 });
        const out = pieces.map((p) => framing(p)).join('');
        expect(out).toBe(text);
        expect(framing.charsSplit).toBeLessThanOrEqual(pieces.length * 2 * longest);
      }),
      { numRuns: 300 },
    );
  });

  it('a long stream cut into 64 KiB pieces is split line by line for a small part of it', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `id: ${i}\nevent: notification\ndata: {"id":"${i}","body":"${'x'.repeat(i % 300)}"}\n\n`).join('');
    const framing = createSseFraming();
    const pieces = cut(text, Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => (i + 1) * 65_536 - 7));
    expect(pieces.map((p) => framing(p)).join('')).toBe(text);
    expect(framing.charsSplit).toBeLessThan(text.length / 50);
  });
});
