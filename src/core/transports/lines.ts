/**
 * The one line splitter of the core, for text that arrives in pieces (an event stream) or whole (newline-delimited
 * JSON). Line ends are either the SSE spec's or LF alone, for servers whose framing leaves a CR as content.
 *
 * Bounded by construction: a line is held only up to `maxLineChars`; past that its text is dropped as it arrives (not
 * gathered, then checked) and its end reported as an overlong line. Each piece is scanned once, from where the last
 * one stopped, so the work is linear in the input however it is cut (`charsScanned` counts it, for the tests).
 */

/** `spec`: [spec] a line ends in CRLF, LF or CR (WHATWG HTML §9.2.6). `lf`: LF alone; a CR is content. */
export type LineEnds = 'spec' | 'lf';

/** How much of an overlong line's start `onLine` still gets (enough to read its field name). */
export const OVERLONG_HEAD_CHARS = 64;

export interface LineSplitterOptions {
  ends: LineEnds;
  /** A line longer than this is not held: the rest of it is dropped until its end. */
  maxLineChars: number;
  /**
   * One complete line, without its end, and the end it had ('' for the last line of `flush`). `overlong`: the line
   * was longer than `maxLineChars`; `line` is then only its first OVERLONG_HEAD_CHARS characters (fewer if the
   * limit is lower).
   */
  onLine: (line: string, end: string, overlong: boolean) => void;
}

export interface LineSplitter {
  push(text: string): void;
  /** Part of a line is held (or being dropped) until its end arrives. */
  readonly holding: boolean;
  /** The input ended: a last line without an end is passed on. */
  flush(): void;
  /** Characters examined so far (scanned for line ends, or joined into a line): linear in the input. */
  readonly charsScanned: number;
}

export function createLineSplitter(options: LineSplitterOptions): LineSplitter {
  const { onLine, maxLineChars } = options;
  const pattern = options.ends === 'lf' ? /\n/g : /\r\n|\n|\r/g;
  /** The line so far, in pieces (joined once, at its end). */
  let parts: string[] = [];
  let size = 0;
  /** Inside an overlong line: its head is kept, the rest dropped until its end. */
  let overlongHead: string | null = null;
  /** [spec] A CR ended the last piece: it may be the first half of a CRLF split across pieces. */
  let crPending = false;
  let scanned = 0;

  const append = (text: string): void => {
    if (text === '' || overlongHead !== null) return;
    parts.push(text);
    size += text.length;
    if (size > maxLineChars) {
      overlongHead = takeHead(parts, Math.min(OVERLONG_HEAD_CHARS, maxLineChars));
      parts = [];
      size = 0;
    }
  };
  const endLine = (end: string): void => {
    if (overlongHead !== null) {
      const head = overlongHead;
      overlongHead = null;
      onLine(head, end, true);
      return;
    }
    const line = parts.length === 1 ? parts[0]! : parts.join('');
    scanned += line.length;
    parts = [];
    size = 0;
    onLine(line, end, false);
  };

  return {
    get holding() {
      return size > 0 || overlongHead !== null || crPending;
    },
    get charsScanned() {
      return scanned;
    },
    push(text) {
      // Nothing new says nothing about a CR held at the end of the last piece: an LF may still follow it.
      if (text === '') return;
      scanned += text.length;
      let from = 0;
      if (crPending) {
        crPending = false;
        const crlf = text.startsWith('\n');
        endLine(crlf ? '\r\n' : '\r');
        if (crlf) from = 1;
      }
      pattern.lastIndex = from;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        append(text.slice(from, m.index));
        from = m.index + m[0].length;
        if (m[0] === '\r' && from === text.length) {
          crPending = true;
          return;
        }
        endLine(m[0]);
      }
      append(text.slice(from));
    },
    flush() {
      if (crPending) {
        crPending = false;
        endLine('\r');
      } else if (size > 0 || overlongHead !== null) {
        endLine('');
      }
    },
  };
}

/** The line's first `chars` characters: never more than the limit, so the same however the line was cut. */
function takeHead(parts: string[], chars: number): string {
  let head = '';
  for (const p of parts) {
    head += p.slice(0, chars - head.length);
    if (head.length >= chars) break;
  }
  return head;
}

/** The non-empty lines of a whole text (newline-delimited JSON); the same line ends as the streaming splitter. */
export function splitLines(text: string, ends: LineEnds, maxLineChars = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter({
    ends,
    maxLineChars,
    onLine: (line, _end, overlong) => {
      if (!overlong && line.trim() !== '') lines.push(line);
    },
  });
  splitter.push(text);
  splitter.flush();
  return lines;
}
