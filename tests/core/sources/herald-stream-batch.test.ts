/**
 * The live stream's messages join one batch per chunk (herald-answers.ts, transports/batching-sink.ts): the cursor is
 * made once per delivery, with the server known at that moment — so a `hello` naming another server in the middle of
 * a chunk must not lend its identity to the events read before it.
 */
import { readStreamMessage, streamState } from '../../../src/core/sources/herald-answers';
import { createBatchingSink } from '../../../src/core/transports/batching-sink';
import { RecordingSink } from '../helpers/recording-sink';

const event = (id: number) => JSON.stringify({ id: String(id), type: 'notification', time: '2026-12-07T12:00:00.000Z', data: { itemId: String(id), title: `t${id}`, body: '', priority: 3 } });

describe('Herald stream: one batch per chunk', () => {
  it('a burst of events is one delivery with the last cursor', () => {
    const recorded = new RecordingSink();
    const sink = createBatchingSink(recorded);
    const stream = streamState({ id: '0', serverId: 'a' });
    for (let i = 1; i <= 300; i++) readStreamMessage('notification', event(i), sink, stream, () => {});
    sink.flush();
    expect(recorded.calls).toEqual([{ call: 'events', ids: Array.from({ length: 300 }, (_, i) => String(i + 1)), cursor: '300@a' }]);
  });

  it('events read before a hello from another server keep the cursor of the server they came from', () => {
    const recorded = new RecordingSink();
    const sink = createBatchingSink(recorded);
    const stream = streamState({ id: '0', serverId: 'a' });
    readStreamMessage('notification', event(1), sink, stream, () => {});
    readStreamMessage('notification', event(2), sink, stream, () => {});
    readStreamMessage('hello', JSON.stringify({ serverId: 'b', cursor: '0' }), sink, stream, () => {});
    sink.flush();
    expect(recorded.calls[0]).toEqual({ call: 'events', ids: ['1', '2'], cursor: '2@a' });
    expect(recorded.calls.map((c) => c.call)).toEqual(['events', 'gap']);
  });
});
