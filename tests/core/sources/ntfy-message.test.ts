/** ntfy frames → Herald events: link fallbacks, defaults, and what is skipped. */
import { parseNtfyFrame } from '../../../src/core/sources/ntfy-message';
import { createNtfySource } from '../../../src/core/sources/ntfy';

const frame = (m: Record<string, unknown>) => parseNtfyFrame(JSON.stringify({ id: 'AbCdEf123456', time: 1_795_510_000, event: 'message', topic: 'ops', ...m }));

describe('parseNtfyFrame', () => {
  it('takes the first view action, then the attachment, as the link when there is no click URL', () => {
    const viaAction = frame({ message: 'x', actions: [{ action: 'http', label: 'Ack', url: 'https://a/ack' }, { action: 'view', label: 'Open', url: 'https://a/view' }] });
    expect(viaAction.kind === 'message' && viaAction.event.ok && viaAction.event.event.data).toMatchObject({
      url: 'https://a/view',
      tags: ['action:Ack', 'action:Open'],
    });
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
