/**
 * A server's own framing turned into the SSE spec's, before any parser sees the text. Two things the spec's parser
 * (eventsource's, eventsource-parser) cannot do by itself:
 *
 * 1. Lines too long to hold (over 1 MiB): the line is dropped as it streams and a `data:` line is replaced by
 *    OVERSIZED_DATA, so the message still arrives (with its id) and its source can skip it and move on, instead of
 *    the stream failing on it again and again, or memory growing with one hostile line.
 * 2. (`crIsContent`, Nchan) A CR in a message body. Nchan 1.3.6 frames its event stream with LF alone and copies a
 *    body's CRs into the data lines, where a spec parser would take them for line ends and drop the rest of the line.
 *    Each CR is escaped here (unescapeCr gives it back), so SSE delivers the same body as long-poll and poll.
 */
import { createLineSplitter } from './lines';

const MAX_LINE_CHARS = 1024 * 1024;

/** Stands in for the data of a message whose line was too long to hold. */
export const OVERSIZED_DATA = '\uE00Dherald:oversized\uE00D';
const ESC = '\uE00D';

export interface SseFramingOptions {
  /** The server ends lines with LF only; a CR is content (Nchan). */
  crIsContent?: boolean;
}

/** Undo the CR escaping of `crIsContent` on a message's data. */
export function unescapeCr(data: string): string {
  return data.includes(ESC) ? data.replace(/\uE00D([\uE00Dr])/g, (_m, c: string) => (c === 'r' ? '\r' : ESC)) : data;
}

/** A stateful text → text step over a stream's pieces, in order. Text held back (a line not yet ended) comes later. */
export type SseFraming = (text: string) => string;

export function createSseFraming(options: SseFramingOptions = {}): SseFraming {
  const crIsContent = options.crIsContent === true;
  let out = '';
  const splitter = createLineSplitter({
    ends: crIsContent ? 'lf' : 'spec',
    maxLineChars: MAX_LINE_CHARS,
    onLine: (line, end) => {
      out += (crIsContent ? escapeCr(line) : line) + end;
    },
    // Keep the message (and its id) but not its data; its source skips it and moves on.
    onOverlong: (start) => {
      out += start.startsWith('data') ? `data:${OVERSIZED_DATA}` : ':';
    },
  });
  let holding = false;
  return (text) => {
    // The common piece: whole lines, nothing to change. It goes on as it is, without being split.
    if (!holding && text.length <= MAX_LINE_CHARS && text.endsWith('\n') && !text.includes('\r') && !(crIsContent && text.includes(ESC))) return text;
    splitter.push(text);
    holding = splitter.holding;
    const framed = out;
    out = '';
    return framed;
  };
}

function escapeCr(line: string): string {
  if (!line.includes('\r') && !line.includes(ESC)) return line;
  return line.replaceAll(ESC, ESC + ESC).replaceAll('\r', `${ESC}r`);
}
