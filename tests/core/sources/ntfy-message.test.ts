/** ntfy frames → Herald events: link fallbacks, defaults, and what is skipped. */
import fc from 'fast-check';
import { parseNtfyFrame } from '../../../src/core/sources/ntfy-message';
import { createNtfySource } from '../../../src/core/sources/ntfy';
import { formatNtfyCursor, ResumeCheck, sinceFor } from '../../../src/core/sources/ntfy-resume';

const frame = (m: Record<string, unknown>) => parseNtfyFrame(JSON.stringify({ id: 'AbCdEf123456', time: 1_795_510_000, event: 'message', topic: 'ops', ...m }));

describe('parseNtfyFrame', () => {
  it('takes the first view action, then the attachment, as the link when there is no click URL', () => {
    const viaAction = frame({ message: 'x', actions: [{ action: 'http', label: 'Ack', url: 'https://a/ack' }, { action: 'view', label: 'Open', url: 'https://a/view' }] });
    const data = viaAction.kind === 'message' && viaAction.event.ok && viaAction.event.event.data;
    expect(data).toMatchObject({ url: 'https://a/view' });
    expect(data && 'tags' in data ? data.tags : undefined).toBeUndefined();
    const viaAttachment = frame({ message: 'x', attachment: { name: 'r.pdf', url: 'https://files/r.pdf' } });
    expect(viaAttachment.kind === 'message' && viaAttachment.event.ok && viaAttachment.event.event.data).toMatchObject({ url: 'https://files/r.pdf' });
  });

  it('defaults the title to the topic and the priority to 3, and tells control events and junk apart', () => {
    const m = frame({ message: 'hello', priority: 7 });
    expect(m.kind === 'message' && m.event.ok && m.event.event).toEqual({
      id: 'ops:AbCdEf123456',
      type: 'notification',
      time: new Date(1_795_510_000 * 1000).toISOString(),
      data: { itemId: 'ops:AbCdEf123456', title: 'ops', body: 'hello', priority: 3 },
    });
    expect(parseNtfyFrame('{"id":"x1y2z3w4v5u6","time":5,"event":"keepalive","topic":"ops"}')).toEqual({ kind: 'control', event: 'keepalive', time: 5 });
    expect(parseNtfyFrame('nope').kind).toBe('bad');
    expect(frame({ id: 'bad id!' }).kind).toBe('bad');
  });
});

describe('ntfy structure, checked by the core', () => {
  it('keeps actions as data and drops the parts that do not check out, never the message', () => {
    const m = frame({
      message: 'x',
      actions: [
        { action: 'view', label: 'Open', url: 'https://a/view', clear: true },
        { action: 'http', label: 'Ack', url: 'https://a/ack', method: 'put', headers: { 'X-A': '1', bad: 2 }, body: '{}' },
        { action: 'broadcast', label: 'Pic', extras: { cmd: 'pic' } },
        { action: 'view', label: 'Evil', url: 'javascript:alert(1)' },
        { action: 'launch', label: 'Unknown' },
      ],
      icon: 'file:///etc/passwd',
      attachment: { name: 'a.txt', url: 'https://f/a.txt', type: 'text/plain', size: 12, expires: 1_795_520_000 },
      content_type: 'text/markdown',
      expires: 1_795_553_200,
    });
    expect(m.kind === 'message' && m.event.ok && m.event.event.data).toEqual({
      itemId: 'ops:AbCdEf123456',
      title: 'ops',
      body: 'x',
      priority: 3,
      url: 'https://a/view',
      actions: [
        { kind: 'view', label: 'Open', url: 'https://a/view', clear: true },
        { kind: 'http', label: 'Ack', url: 'https://a/ack', method: 'PUT', headers: { 'X-A': '1' }, body: '{}' },
        { kind: 'broadcast', label: 'Pic', extras: { cmd: 'pic' } },
      ],
      attachment: { name: 'a.txt', url: 'https://f/a.txt', type: 'text/plain', size: 12, expires: new Date(1_795_520_000_000).toISOString() },
      markdown: true,
      expires: new Date(1_795_553_200_000).toISOString(),
    });
  });
});

describe('the ntfy source', () => {
  const deps = { fetch: (() => Promise.reject(new Error('no network in this test'))) as typeof fetch };

  it('refuses topics ntfy would refuse, and offers SSE and polling', () => {
    expect(() => createNtfySource({ id: 'n', kind: 'ntfy', url: 'http://127.0.0.1:1', channels: ['a/b'] }, deps)).toThrow(/not an ntfy topic/);
    expect(() => createNtfySource({ id: 'n', kind: 'ntfy', url: 'http://127.0.0.1:1', channels: [] }, deps)).toThrow(/at least one topic/);
    const source = createNtfySource({ id: 'n', kind: 'ntfy', url: 'http://127.0.0.1:1/', channels: ['a', 'b'] }, deps);
    expect(source.transports).toEqual(['sse', 'poll']);
    expect(source.silenceTimeoutMs).toBe(60_000);
  });
});

describe('ResumeCheck (is our last message still in the answer?)', () => {
  const ev = (id: string) => ({ id: `t:${id}`, type: 'notification', time: '2026-01-01T00:00:00.000Z', data: { itemId: `t:${id}`, title: 't', body: id, priority: 3 } }) as const;

  it('drops what came before our message in its second, and passes on what follows', () => {
    const check = new ResumeCheck(formatNtfyCursor('ours00000000', 100));
    expect(check.take('earlier00000', 100, ev('earlier')).deliver).toEqual([]);
    expect(check.take('ours00000000', 100, ev('ours')).deliver).toEqual([]);
    expect(check.pending).toBe(false);
    expect(check.take('next00000000', 101, ev('next')).deliver.map((e) => e.id)).toEqual(['t:next']);
  });

  it('reports a possible gap when a newer message, or the end, comes before ours', () => {
    const newer = new ResumeCheck('ours00000000@100');
    const step = newer.take('later0000000', 105, ev('later'));
    expect(step.deliver.map((e) => e.id)).toEqual(['t:later']);
    expect(step.loss).toEqual({ reason: 'unknown_cursor', from: new Date(100_000).toISOString(), to: new Date(105_000).toISOString() });
    const empty = new ResumeCheck('ours00000000@100');
    expect(empty.take('same00000000', 100, ev('same')).deliver).toEqual([]);
    expect(empty.end()).toMatchObject({ deliver: [ev('same')], loss: { reason: 'unknown_cursor' }, cursor: '100' });
  });

  it('resumes by time, by a bare id from older versions, or unchecked after an uncached message', () => {
    expect(sinceFor('ours00000000@100')).toBe('100');
    expect(sinceFor('1795510000')).toBe('1795510000');
    expect(sinceFor('legacyId1234')).toBe('legacyId1234');
    expect(new ResumeCheck('legacyId1234').pending).toBe(false);
    expect(formatNtfyCursor('abc123def456', 100, false)).toBe('100');
  });
});

describe('parseNtfyFrame: any number in a time field', () => {
  const anyNumber = fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.constantFrom(1e13, 1e20, 8.64e12 + 1, Number.MAX_VALUE, -1e20));

  it('property: never throws, and what it keeps has real times and a cursor that reads back (a server\'s time, expiry or attachment expiry beyond any date)', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (time, expires, fileExpires) => {
        const m = frame({ time, expires, message: 'x', attachment: { name: 'r.pdf', url: 'https://files/r.pdf', expires: fileExpires } });
        expect(m.kind).toBe('message');
        if (m.kind !== 'message') return;
        expect(Number.isFinite(new Date(m.time * 1000).getTime())).toBe(true);
        if (m.event.ok) expect(Number.isNaN(Date.parse(m.event.event.time))).toBe(false);
        const check = new ResumeCheck(formatNtfyCursor('Zz0000000000', m.time, true));
        check.take(m.id, m.time, m.event.ok ? m.event.event : null);
        check.end();
      }),
      { numRuns: 300 },
    );
  });
});
