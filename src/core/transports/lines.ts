/**
 * The one line splitter of the core, for text that arrives in pieces (an event stream) or whole (newline-delimited
 * JSON). Line ends are either the SSE spec's or LF alone, for servers whose framing leaves a CR as content.
 */

/** `spec`: [spec] a line ends in CRLF, LF or CR (WHATWG HTML §9.2.6). `lf`: LF alone; a CR is content. */
export type LineEnds = 'spec' | 'lf';

export interface LineSplitterOptions {
  ends: LineEnds;
  /**
   * A line longer than this is not held: `onOverlong` gets its start once, the rest is dropped, and its end arrives
   * as `onLine('', end)` (so a caller that writes the start out gets one whole line).
   */
  maxLineChars: number;
  /** One complete line, without its end, and the end it had ('' for the last line of `flush`). */
  onLine: (line: string, end: string) => void;
  onOverlong: (start: string) => void;
}

export interface LineSplitter {
  push(text: string): void;
  /** Part of a line is held (or being dropped) until its end arrives. */
  readonly holding: boolean;
  /** The input ended: a last line without an end is passed on (unless it was being dropped). */
  flush(): void;
}

export function createLineSplitter(options: LineSplitterOptions): LineSplitter {
  const { onLine, onOverlong, maxLineChars } = options;
  const pattern = options.ends === 'lf' ? /\n/g : /\r\n|\n|\r/g;
  let pending = '';
  /** Inside an overlong line: drop until its end. */
  let dropping = false;
  return {
    get holding() {
      return pending !== '' || dropping;
    },
    push(text) {
      pending += text;
      let start = 0;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(pending); m !== null; m = pattern.exec(pending)) {
        // [spec] A CR at the very end may be the first half of a CRLF split across pieces: wait for the next one.
        if (m[0] === '\r' && m.index === pending.length - 1) break;
        onLine(dropping ? '' : pending.slice(start, m.index), m[0]);
        dropping = false;
        start = m.index + m[0].length;
      }
      pending = start === 0 ? pending : pending.slice(start);
      if (pending.length > maxLineChars) {
        if (!dropping) onOverlong(pending);
        dropping = true;
        pending = '';
      }
    },
    flush() {
      const cr = options.ends === 'spec' && pending.endsWith('\r');
      if (pending !== '' && !dropping) onLine(cr ? pending.slice(0, -1) : pending, cr ? '\r' : '');
      pending = '';
      dropping = false;
    },
  };
}

/** The non-empty lines of a whole text (newline-delimited JSON); the same line ends as the streaming splitter. */
export function splitLines(text: string, ends: LineEnds): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter({
    ends,
    maxLineChars: Number.POSITIVE_INFINITY,
    onLine: (line) => {
      if (line.trim() !== '') lines.push(line);
    },
    onOverlong: () => {},
  });
  splitter.push(text);
  splitter.flush();
  return lines;
}
