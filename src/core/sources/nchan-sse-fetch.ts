/**
 * A fetch wrapper for Nchan's EventSource subscriber, placed between the generic SSE transport and the network.
 * It is the seam for two things the transport (and the `eventsource` package) cannot see:
 *
 * 1. How Nchan ends a stream: as an SSE *comment* with a status — `:408: 408 Request Timeout` (the subscriber timeout:
 *    a normal end, ask again) or `:410: 410 Gone` (the channel was deleted, or nginx is restarting or reloading).
 *    Comments are invisible to EventSource, so we watch the lines and tell the caller.
 * 2. Event names. Nchan's publisher picks any name (X-EventSource-Event); EventSource only dispatches names someone
 *    listens for, so a message named `deploy` would vanish. Lines naming an event we do not know are turned into
 *    comments, which makes the message an unnamed one (a plain notification). Nchan's `event: ping` (no data) is
 *    dispatched by nobody either way. The bytes still flow, so pings keep feeding the heartbeat.
 * 3. Lines too long to hold (over 1 MiB): the line is dropped as it streams and a `data:` line is replaced by
 *    OVERSIZED_DATA, so the message still arrives (with its id) and its source can skip it and move on, instead of the
 *    stream failing on it again and again.
 * 4. (Nchan only, `crIsContent`) A CR in a message body. Nchan 1.3.6 frames its event stream with LF alone and copies
 *    a body's CRs into the data lines, where EventSource would take them for line ends and drop the rest of the line.
 *    Each CR is escaped here (unescapeCr gives it back), so SSE delivers the same body as long-poll and poll.
 * The ntfy source uses the same rewriting for its named control events (see ntfy.ts).
 */
const MAX_LINE_CHARS = 1024 * 1024;

/** Stands in for the data of a message whose line was too long to hold. */
export const OVERSIZED_DATA = '\uE00Dherald:oversized\uE00D';
const ESC = '\uE00D';

export type StatusCommentHandler = (status: number) => void;

export interface RewriteOptions {
  /** The server ends lines with LF only; a CR is content (Nchan). */
  crIsContent?: boolean;
}

/** Undo the CR escaping of `crIsContent` on a message's data. */
export function unescapeCr(data: string): string {
  return data.includes(ESC) ? data.replace(/\uE00D([\uE00Dr])/g, (_m, c: string) => (c === 'r' ? '\r' : ESC)) : data;
}

export function sseNamesToComments(fetchFn: typeof fetch, knownEvents: readonly string[], onStatusComment: StatusCommentHandler, options: RewriteOptions = {}): typeof fetch {
  const known = new Set(knownEvents);
  return async (input, init) => {
    const response = await fetchFn(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.startsWith('text/event-stream') || !response.body) return response;
    const body = response.body.pipeThrough(rewriteLines(known, onStatusComment, options));
    const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // Keep the final URL for eventsource (a Response built by hand has none).
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  };
}

/** [spec] Lines end in CRLF, LF or CR; a comment line starts with ':'; `event:` takes one optional space. */
export function rewriteLines(known: ReadonlySet<string>, onStatusComment: StatusCommentHandler, options: RewriteOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const lineEnds = options.crIsContent ? /\n/g : /\r\n|\n|\r/g;
  let pending = '';
  /** Inside an overlong line: drop until its end. */
  let dropping = false;

  const rewrite = (line: string): string => {
    if (line.startsWith(':')) {
      const status = /^:\s?(\d{3})(?::|\s|$)/.exec(line)?.[1];
      if (status !== undefined) onStatusComment(Number(status));
      return line;
    }
    if (line.startsWith('event:')) {
      const name = line.slice(6).replace(/^ /, '');
      if (!known.has(name)) return `:${line}`;
    }
    return options.crIsContent ? line.replaceAll(ESC, ESC + ESC).replaceAll('\r', `${ESC}r`) : line;
  };

  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      let out = '';
      let start = 0;
      lineEnds.lastIndex = 0;
      for (let m = lineEnds.exec(pending); m !== null; m = lineEnds.exec(pending)) {
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for the next chunk.
        if (m[0] === '\r' && m.index === pending.length - 1) break;
        if (dropping) dropping = false;
        else out += rewrite(pending.slice(start, m.index));
        out += m[0];
        start = m.index + m[0].length;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE_CHARS) {
        // Too long to hold: keep the message (and its id) but not its data; its source skips it and moves on.
        if (!dropping) out += pending.startsWith('data') ? `data:${OVERSIZED_DATA}` : ':';
        dropping = true;
        pending = '';
      }
      // Even an empty chunk goes on: every arrival is a sign of life for the heartbeat.
      controller.enqueue(encoder.encode(out));
    },
    flush(controller) {
      pending += decoder.decode();
      if (pending && !dropping) controller.enqueue(encoder.encode(rewrite(pending)));
    },
  });
}
