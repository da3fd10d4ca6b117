/** An injected fetch for transport tests: each request is recorded and answered by the test's handler. */
export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: string | null;
  signal: AbortSignal | null;
}

export type Handler = (req: RecordedRequest) => Response | Promise<Response>;

export function fakeFetch(handler: Handler): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req: RecordedRequest = {
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : null,
      signal: init?.signal ?? null,
    };
    requests.push(req);
    if (req.signal?.aborted) throw abortError();
    return await new Promise<Response>((resolve, reject) => {
      req.signal?.addEventListener('abort', () => reject(abortError()), { once: true });
      Promise.resolve(handler(req)).then(resolve, reject);
    });
  };
  return { fetch: fn as typeof fetch, requests };
}

function abortError(): Error {
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

/** A text/event-stream answer whose body the test writes to. */
export function controllableStream(): { response: Response; push: (text: string) => void; end: () => void; error: (err: Error) => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    push: (text) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    error: (err) => controller.error(err),
  };
}
