/**
 * A tiny Server-Sent Events reader for tests: reads frames from a fetch Response's body stream.
 * Frames follow the HTML spec's field parsing ([spec] "Interpreting an event stream"): comments are kept (tests
 * check keepalives), `data` lines are joined with "\n", `id`/`event`/`retry` are taken as sent.
 */
export interface SseFrame {
  /** `event:` field, or undefined (a default "message" event, or a frame with only a retry/comment). */
  event?: string;
  /** `id:` field when the frame had one. */
  id?: string;
  /** Joined `data:` lines, or undefined when the frame had none. */
  data?: string;
  /** `retry:` value when present. */
  retry?: number;
  /** Comment lines (without the leading ':' and one optional space). */
  comments: string[];
}

export class SseReader {
  readonly frames: SseFrame[] = [];
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #buffer = '';
  #current: SseFrame = { comments: [] };
  #done = false;
  #error: unknown;
  #waiters = new Set<() => void>();
  #pump: Promise<void>;

  constructor(response: Response) {
    if (!response.body) throw new Error('SseReader: response has no body');
    this.#reader = response.body.getReader();
    this.#pump = this.#run();
  }

  /** True when the server ended the stream (or it failed). */
  get done(): boolean {
    return this.#done;
  }

  /** Frames that carry an event (data present), in order. */
  get events(): SseFrame[] {
    return this.frames.filter((f) => f.data !== undefined);
  }

  /** Parsed JSON `data` of every frame with `event` equal to `type` (or of every data frame when omitted). */
  json<T = unknown>(type?: string): T[] {
    return this.events.filter((f) => type === undefined || f.event === type).map((f) => JSON.parse(f.data ?? 'null') as T);
  }

  /** Wait until `predicate(frames)` holds; reject on deadline or when the stream ends first. */
  async until(predicate: (frames: SseFrame[]) => boolean, timeoutMs = 5000, what = 'SSE frames'): Promise<SseFrame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.frames)) return this.frames;
      if (this.#done) {
        throw new Error(`SseReader: stream ended before ${what} (${this.frames.length} frames${this.#error ? `, error: ${String(this.#error)}` : ''})`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SseReader: timed out waiting for ${what} (${this.frames.length} frames: ${JSON.stringify(this.frames.slice(-5))})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(done);
      });
    }
  }

  /** Wait for the stream to end (server closed it). */
  async ended(timeoutMs = 5000): Promise<void> {
    await this.until(() => this.#done, timeoutMs, 'the end of the stream').catch((err: unknown) => {
      if (!this.#done) throw err;
    });
  }

  /** Stop reading and release the connection. */
  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => undefined);
    await this.#pump.catch(() => undefined);
  }

  async #run(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        this.#feed(this.#decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      this.#error = err;
    } finally {
      this.#done = true;
      this.#wake();
    }
  }

  #feed(text: string): void {
    this.#buffer += text;
    // [spec] lines end with CRLF, LF or CR.
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
    this.#wake();
  }

  #line(line: string): void {
    const f = this.#current;
    if (line === '') {
      if (f.data !== undefined || f.comments.length > 0 || f.retry !== undefined || f.id !== undefined || f.event !== undefined) this.frames.push(f);
      this.#current = { comments: [] };
      return;
    }
    if (line.startsWith(':')) {
      f.comments.push(line.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') f.data = f.data === undefined ? value : `${f.data}\n${value}`;
    else if (field === 'event') f.event = value;
    else if (field === 'id') f.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) f.retry = Number(value);
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
    this.#waiters.clear();
  }
}

/** Open `url` as an event stream and return a reader on it (throws on a non-200 answer). */
export async function openSse(url: string, init: RequestInit = {}): Promise<{ response: Response; reader: SseReader }> {
  const response = await fetch(url, { ...init, headers: { accept: 'text/event-stream', ...(init.headers as Record<string, string> | undefined) } });
  if (response.status !== 200) {
    const text = await response.text().catch(() => '');
    throw new Error(`openSse: ${url} answered ${response.status}: ${text}`);
  }
  return { response, reader: new SseReader(response) };
}
