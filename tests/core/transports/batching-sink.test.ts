import type { TransportSink } from '../../../src/core/source';
import { createBatchingSink } from '../../../src/core/transports/batching-sink';
import type { HeraldEvent } from '../../../src/shared/events';

function recorder() {
  const calls: Array<[string, unknown, unknown?]> = [];
  const sink: TransportSink = {
    open: () => calls.push(['open', null]),
    events: (events, cursor) => calls.push(['events', events.map((e) => e.id), cursor]),
    activity: () => calls.push(['activity', null]),
    gap: (info) => calls.push(['gap', info]),
    retryHint: (ms) => calls.push(['retry', ms]),
    malformed: (reason) => calls.push(['malformed', reason]),
    lost: (info) => calls.push(['lost', info]),
    closed: (error, outcome) => calls.push(['closed', error.code, outcome]),
  };
  return { sink, calls };
}

const ev = (id: number): HeraldEvent => ({ id: String(id), type: 'notification', time: '2026-11-30T00:00:00Z', data: { itemId: String(id), title: 't', body: 'b', priority: 3 } });
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('batching sink', () => {
  it('passes on a cursor that comes without events (a fresh stream’s hello), so a stop before any event resumes there', async () => {
    const { sink, calls } = recorder();
    const b = createBatchingSink(sink);
    b.events([], '7@server');
    await tick();
    expect(calls).toEqual([['events', [], '7@server']]);
  });

  it('joins the events of one chunk into one delivery, with the last cursor', async () => {
    const { sink, calls } = recorder();
    const b = createBatchingSink(sink);
    for (let i = 1; i <= 500; i++) b.events([ev(i)], String(i));
    b.events([ev(501)], null);
    expect(calls).toEqual([]);
    await tick();
    expect(calls).toEqual([['events', Array.from({ length: 501 }, (_, i) => String(i + 1)), '500']]);
  });

  it('add(): a burst of events one by one is one delivery, its cursor made once, from the last event', async () => {
    const { sink, calls } = recorder();
    const b = createBatchingSink(sink);
    const made: string[] = [];
    const cursorOf = (id: string) => (made.push(id), `${id}@server`);
    for (let i = 1; i <= 500; i++) b.add(ev(i), cursorOf);
    await tick();
    expect(calls).toEqual([['events', Array.from({ length: 500 }, (_, i) => String(i + 1)), '500@server']]);
    expect(made).toEqual(['500']);
  });

  it('add() and events() keep the later cursor, whichever gave it', async () => {
    const { sink, calls } = recorder();
    const b = createBatchingSink(sink);
    b.add(ev(1), (id) => `${id}@a`);
    b.events([], '9@b');
    await tick();
    b.events([], '9@b');
    b.add(ev(2), (id) => `${id}@b`);
    await tick();
    expect(calls).toEqual([
      ['events', ['1'], '9@b'],
      ['events', ['2'], '2@b'],
    ]);
  });

  it('keeps the order with every other report: the events before it are delivered first', async () => {
    const { sink, calls } = recorder();
    const b = createBatchingSink(sink);
    b.events([ev(1)], '1');
    b.malformed('bad one');
    b.events([ev(2)], '2');
    b.closed({ code: 'network', message: 'gone' }, 'retry');
    expect(calls).toEqual([
      ['events', ['1'], '1'],
      ['malformed', 'bad one'],
      ['events', ['2'], '2'],
      ['closed', 'network', 'retry'],
    ]);
    await tick();
    expect(calls).toHaveLength(4);
  });

  it('passes nothing on after discard (the transport was closed)', async () => {
    const { sink, calls } = recorder();
    const b = createBatchingSink(sink);
    b.events([ev(1)], '1');
    b.discard();
    b.events([ev(2)], '2');
    b.activity();
    await tick();
    expect(calls).toEqual([]);
  });
});
