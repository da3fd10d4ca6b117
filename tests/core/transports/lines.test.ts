import { createLineSplitter, splitLines } from '../../../src/core/transports/lines';
import { createSseFraming, OVERSIZED_DATA, unescapeCr } from '../../../src/core/transports/sse-framing';

describe('line splitter', () => {
  const run = (ends: 'spec' | 'lf', pieces: string[], maxLineChars = 1000) => {
    const seen: string[] = [];
    const s = createLineSplitter({ ends, maxLineChars, onLine: (l, e, overlong) => seen.push(overlong ? `long ${l}|${JSON.stringify(e)}` : `${l}|${JSON.stringify(e)}`) });
    for (const p of pieces) s.push(p);
    s.flush();
    return seen;
  };

  it('[spec] ends lines at CRLF, LF or CR, and waits for the LF after a CR at the end of a piece', () => {
    expect(run('spec', ['a\r\nb\rc\nd\r', '\ne'])).toEqual(['a|"\\r\\n"', 'b|"\\r"', 'c|"\\n"', 'd|"\\r\\n"', 'e|""']);
  });

  it('[spec] an empty piece between the CR and the LF of one line end does not split them (a decoder may yield "")', () => {
    expect(run('spec', ['d\r', '', '\ne'])).toEqual(['d|"\\r\\n"', 'e|""']);
  });

  it('with LF alone, keeps a CR as content', () => {
    expect(run('lf', ['a\rb\r', '\nc'])).toEqual(['a\rb\r|"\\n"', 'c|""']);
  });

  it('drops a line too long to hold, telling its start once, and goes on after its end', () => {
    expect(run('lf', ['x'.repeat(8), 'y'.repeat(8), 'z\nok\n'], 10)).toEqual(['long xxxxxxxxyy|"\\n"', 'ok|"\\n"']);
  });

  it('splits whole texts into their non-empty lines', () => {
    expect(splitLines('{"a":1}\n\n{"b":2}\r\n  \n{"c":3}', 'lf')).toEqual(['{"a":1}', '{"b":2}\r', '{"c":3}']);
  });
});

describe('SSE framing', () => {
  it('keeps the text as it is, holding back a line not yet ended', () => {
    const frame = createSseFraming();
    expect(frame(': hi\n\nevent: a\r')).toBe(': hi\n\n');
    expect(frame('\ndata: x\n\n')).toBe('event: a\r\ndata: x\n\n');
  });

  it('(Nchan) escapes a CR in content, and unescapeCr gives it back', () => {
    const frame = createSseFraming({ crIsContent: true });
    const framed = frame('data: 10%\r20% \uE00D\n\n');
    expect(framed).not.toContain('\r');
    expect(unescapeCr(framed)).toBe('data: 10%\r20% \uE00D\n\n');
  });

  it('replaces the data of a line too long to hold, so the message still arrives with its id', () => {
    const frame = createSseFraming();
    const big = 'x'.repeat(600 * 1024);
    const out = frame('id: 7\ndata: ') + frame(big) + frame(big) + frame('\n\n');
    expect(out).toBe(`id: 7\ndata:${OVERSIZED_DATA}\n\n`);
  });

  it('cuts an event that never ends as it streams: what it passes on stays under one frame, and the next event is whole', () => {
    const frame = createSseFraming({ maxFrameChars: 1000 });
    let all = frame('id: 9\n');
    // 10 000 data lines of 100 characters, no blank line: 1 MB for an event that never ends.
    for (let i = 0; i < 10_000; i++) all += frame(`data: ${'y'.repeat(100)}\n`);
    expect(all.length).toBeLessThan(1200);
    all += frame('\n');
    expect(all.endsWith(`data:${OVERSIZED_DATA}\n\n`)).toBe(true);
    const next = frame('data: next\n\n');
    expect(next).toBe('data: next\n\n');
  });
});
