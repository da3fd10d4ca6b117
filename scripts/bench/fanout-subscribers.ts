/**
 * Many SSE subscribers in one process, for the fan-out figures (./fanout.ts): each is a raw TCP socket that sends one
 * `GET` and scans what arrives for `"title":"<publish time in ns>"` — no EventSource, no parsing beyond that, so
 * thousands fit in one process and the figure measures the server, not the readers. Driven over the fork IPC channel:
 *   { cmd: 'connect', port, path, n }   open n streams; answered once every one has its `200` headers
 *   { cmd: 'collect', events }          wait until `events` events reached every stream; answer, per event (its
 *                                       title), the latency at the last stream to get it (ms), and clear the tally
 *   { cmd: 'close' }                    end every stream
 * Every wait is bounded; 127.0.0.1 only.
 */
import { connect, type Socket } from 'node:net';

const send = (msg: unknown) => process.send!(msg);
const TITLE = '"title":"';

let sockets: Socket[] = [];
/** Per event (its publish time as text): how many streams have it so far. */
let seen = new Map<string, number>();
/** Each event (title) with its latency (ms) at the last stream to receive it. */
let done: Array<[string, number]> = [];
let streams = 0;

function open(port: number, path: string): Promise<Socket> {
  return new Promise((resolveOpen, rejectOpen) => {
    const socket = connect({ host: '127.0.0.1', port });
    let headers = '';
    let opened = false;
    // The end of the last chunk, in case a title was cut between two reads.
    let carry = '';
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.once('error', (err) => (opened ? undefined : rejectOpen(err)));
    // A server out of connections may close without a word: that is a failure to say, not a wait without end.
    socket.once('close', () => (opened ? undefined : rejectOpen(new Error(`a stream closed before its headers (${headers.split('\r\n')[0] || 'nothing received'})`))));
    socket.setTimeout(60_000, () => {
      if (opened) return;
      socket.destroy();
      rejectOpen(new Error('no response headers within 60 s'));
    });
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk: string) => {
      if (!opened) {
        headers += chunk;
        const end = headers.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!/^HTTP\/1\.[01] 200/.test(headers)) {
          rejectOpen(new Error(`subscriber got ${headers.split('\r\n')[0]}`));
          socket.destroy();
          return;
        }
        opened = true;
        socket.setTimeout(0);
        resolveOpen(socket);
        chunk = headers.slice(end + 4);
      }
      const text = carry + chunk;
      let at = text.indexOf(TITLE);
      let scanned = 0;
      while (at >= 0) {
        const start = at + TITLE.length;
        const end = text.indexOf('"', start);
        if (end < 0) break;
        tally(text.slice(start, end));
        scanned = end;
        at = text.indexOf(TITLE, end);
      }
      carry = text.slice(Math.max(scanned, text.length - 40));
    });
  });
}

function tally(title: string): void {
  if (!/^\d+$/.test(title)) return;
  const count = (seen.get(title) ?? 0) + 1;
  if (count < streams) {
    seen.set(title, count);
    return;
  }
  seen.delete(title);
  done.push([title, Number(process.hrtime.bigint() - BigInt(title)) / 1e6]);
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`fan-out subscribers: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

process.on('message', async (raw) => {
  const msg = raw as { id: number; cmd: string; port?: number; path?: string; n?: number; events?: number };
  try {
    switch (msg.cmd) {
      case 'connect': {
        streams = msg.n!;
        seen = new Map();
        done = [];
        // In waves: a burst of thousands of SYNs at once overflows a listen backlog of 511 and costs seconds of retries.
        for (let i = 0; i < msg.n!; i += 200) {
          const wave = Array.from({ length: Math.min(200, msg.n! - i) }, () => open(msg.port!, msg.path!));
          sockets.push(...(await Promise.all(wave)));
        }
        send({ id: msg.id, open: sockets.length });
        break;
      }
      case 'collect': {
        await until(() => done.length >= msg.events!, 120_000, `${msg.events} events at all ${streams} streams (${done.length} so far)`);
        send({ id: msg.id, latencies: done.splice(0) });
        seen = new Map();
        break;
      }
      case 'close':
        for (const s of sockets) s.destroy();
        sockets = [];
        send({ id: msg.id });
        break;
    }
  } catch (err) {
    send({ id: msg.id, error: String(err) });
  }
});

process.on('disconnect', () => process.exit(0));
send({ ready: true });
