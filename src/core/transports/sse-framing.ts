/**
 * A server's own framing turned into the SSE spec's, before any parser sees the text. What the spec's parser
 * (eventsource-parser) cannot do by itself:
 *
 * 1. Bounded memory, whatever a server sends. A line is held up to FRAME_MAX_CHARS, and so is one event's `data`
 *    (all its lines): past that, the rest is dropped as it streams — never gathered first — and the event's data
 *    ends in OVERSIZED_DATA, so the message still arrives (with its id) and its source skips it with the oversize
 *    report and goes on. An endless line or an event that never ends costs one frame of memory, not the stream's
 *    length; the stream stays open, and the next complete event is read as usual (the framing resyncs at the next
 *    line end).
 * 2. (`crIsContent`, Nchan) A CR in a message body. Nchan 1.3.6 frames its event stream with LF alone and copies a
 *    body's CRs into the data lines, where a spec parser would take them for line ends and drop the rest of the line.
 *    Each CR is escaped here (unescapeCr gives it back), so SSE delivers the same body as long-poll and poll.
 */
import { FRAME_MAX_CHARS } from '../../shared/stream-limits';
import { createLineSplitter } from './lines';

/** Ends the data of a message that was too large to hold (see isOversizedData). */
export const OVERSIZED_DATA = '\uE00Dherald:oversized\uE00D';
const ESC = '\uE00D';

/** The message's data was cut short by the framing: skip it with the oversize report. */
export function isOversizedData(data: string): boolean {
  return data.endsWith(OVERSIZED_DATA) && (data.length === OVERSIZED_DATA.length || data[data.length - OVERSIZED_DATA.length - 1] === '\n');
}

export interface SseFramingOptions {
  /** The server ends lines with LF only; a CR is content (Nchan). */
  crIsContent?: boolean;
  /** Longest line, and longest data of one event, held (UTF-16 units). Default FRAME_MAX_CHARS. */
  maxFrameChars?: number;
}

/** Undo the CR escaping of `crIsContent` on a message's data. */
export function unescapeCr(data: string): string {
  return data.includes(ESC) ? data.replace(/\uE00D([\uE00Dr])/g, (_m, c: string) => (c === 'r' ? '\r' : ESC)) : data;
}

/**
 * A stateful text → text step over a stream's pieces, in order. Text held back (a line not yet ended) comes later.
 * `charsScanned` counts the work done (linear in the input, however it is cut).
 */
export interface SseFraming {
  (text: string): string;
  readonly charsScanned: number;
  /** Of those, the characters split line by line (the rest went on whole): for the tests that count the work. */
  readonly charsSplit: number;
}

export function createSseFraming(options: SseFramingOptions = {}): SseFraming {
  const crIsContent = options.crIsContent === true;
  const max = options.maxFrameChars ?? FRAME_MAX_CHARS;
  let out = '';
  /** The current event's data so far, and whether it was already cut short. */
  let dataChars = 0;
  let cut = false;
  let passed = 0;
  const splitter = createLineSplitter({
    ends: crIsContent ? 'lf' : 'spec',
    maxLineChars: max,
    onLine: (line, end, overlong) => {
      // [spec] An empty line dispatches the event: the next one starts with nothing held.
      if (line === '' && !overlong) {
        dataChars = 0;
        cut = false;
        out += end;
        return;
      }
      if (isDataLine(line)) {
        // The rest of a cut event's data is dropped as it streams; the parser never holds more than `max` of it.
        if (cut) return;
        dataChars += line.length + 1;
        if (overlong || dataChars > max) {
          cut = true;
          out += `data:${OVERSIZED_DATA}${end}`;
          return;
        }
      } else if (overlong) {
        // Any other field that long means nothing: an empty comment keeps the line count, not the text.
        out += `:${end}`;
        return;
      }
      out += (crIsContent ? escapeCr(line) : line) + end;
    },
  });
  /** Between events (or between the lines of one before its data), with nothing held: text may go on unsplit. */
  const clean = (): boolean => !splitter.holding && dataChars === 0 && !cut;
  /** Whole events that need nothing changed: no CR, nothing to escape, too short to pass any limit. */
  const passable = (text: string, from: number, to: number): boolean => {
    if (to - from > max) return false;
    const cr = text.indexOf('\r', from);
    if (cr !== -1 && cr < to) return false;
    if (!crIsContent) return true;
    const esc = text.indexOf(ESC, from);
    return esc === -1 || esc >= to;
  };
  const split = (text: string): string => {
    splitter.push(text);
    const framed = out;
    out = '';
    return framed;
  };
  const framing = (text: string): string => {
    // A socket's pieces rarely end between events. Only the text around a cut is split line by line: up to the end
    // of the event the last piece cut, and after the last whole event of this one. The whole events between go on as
    // they are — the common case, and most of the text.
    let head = '';
    let from = 0;
    if (!clean()) {
      const blank = text.indexOf('\n\n');
      if (blank === -1) return split(text);
      from = blank + 2;
      head = split(text.slice(0, from));
      // A CR just before the blank line may leave the splitter waiting to see whether an LF follows.
      if (!clean()) return head + split(text.slice(from));
    }
    const last = text.lastIndexOf('\n\n');
    if (last === -1 || last + 2 <= from || !passable(text, from, last + 2)) return head + split(text.slice(from));
    passed += last + 2 - from;
    const whole = from === 0 && last + 2 === text.length ? text : text.slice(from, last + 2);
    return last + 2 === text.length ? head + whole : head + whole + split(text.slice(last + 2));
  };
  return Object.defineProperties(framing, {
    charsScanned: { get: () => splitter.charsScanned + passed },
    charsSplit: { get: () => splitter.charsScanned },
  }) as SseFraming;
}

/** [spec] The field name is what comes before the first colon (or the whole line). */
function isDataLine(line: string): boolean {
  return line.startsWith('data') && (line.length === 4 || line[4] === ':');
}

function escapeCr(line: string): string {
  if (!line.includes('\r') && !line.includes(ESC)) return line;
  return line.replaceAll(ESC, ESC + ESC).replaceAll('\r', `${ESC}r`);
}
