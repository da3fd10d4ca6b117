/**
 * A source never read before (no cursor): the supervisor's first attempt loads its newest events through Delivery
 * (de-duplicated, marked catch-up, the cursor saved where they end), then goes live from there.
 */
import { SourceError } from '../../../src/core/transports/http';
import { note, settle } from '../helpers/fake-source';
import { supervised } from '../helpers/supervised';

const setup = (saved: string | null = null) => supervised({ saved, baseDelayMs: 100, firstLoad: 3 });

describe('Supervisor: first load', () => {
  it('loads the newest events as catch-up, saves the cursor where they end, then goes live from it', async () => {
    const { supervisor, source, store, received, loading, ids } = setup();
    source.history = ['1', '2', '3', '4', '5'].map(note);
    supervisor.start();
    expect(supervisor.state).toMatchObject({ kind: 'connecting', transport: 'sse' });
    await settle();
    expect(source.recentLoads).toEqual([3]);
    expect(ids()).toEqual(['3', '4', '5']);
    expect(received.every((r) => r.catchUp)).toBe(true);
    expect(loading).toEqual([{ done: 0 }, { done: 2, total: 3 }, { done: 3, total: 3 }, null]);
    expect(supervisor.loading).toBeNull();
    expect(store.value).toBe('5');
    expect(source.catchUps).toEqual([]);
    expect(source.last.cursor).toBe('5');
  });

  it('the live link replaying what the first load delivered is dropped (one de-duplication for both)', async () => {
    const { supervisor, source, ids } = setup();
    source.history = ['1', '2'].map(note);
    supervisor.start();
    await settle();
    source.last.up();
    source.last.send('2', '3');
    expect(ids()).toEqual(['1', '2', '3']);
  });

  it('with a saved cursor there is no first load', async () => {
    const { supervisor, source } = setup('7');
    supervisor.start();
    await settle();
    expect(source.recentLoads).toEqual([]);
    expect(source.catchUps).toEqual(['7']);
  });

  it('a failed first load goes live anyway, and the next attempt (still without a cursor) loads again', async () => {
    const { supervisor, source, clock, ids, loading } = setup();
    source.history = ['1', '2'].map(note);
    source.recentFails = new SourceError({ code: 'network', message: 'refused' }, true);
    supervisor.start();
    await settle();
    expect(loading.at(-1)).toBeNull();
    expect(source.last.cursor).toBeNull();
    source.last.fail('network');
    clock.advance(1000);
    await settle();
    expect(source.recentLoads).toEqual([3, 3]);
    expect(ids()).toEqual(['1', '2']);
    expect(source.last.cursor).toBe('2');
  });

  it('refused credentials during the first load fail the source', async () => {
    const { supervisor, source } = setup();
    source.recentFails = new SourceError({ code: 'auth', message: 'no' }, false);
    supervisor.start();
    await settle();
    expect(supervisor.state).toMatchObject({ kind: 'failed', error: { code: 'auth' } });
    expect(source.connects).toHaveLength(0);
  });

  it('stop during a first load delivers nothing more, saves nothing and clears the progress', async () => {
    const { supervisor, source, store, ids } = setup();
    source.history = ['1', '2'].map(note);
    source.manualCatchUp = true;
    supervisor.start();
    expect(supervisor.loading).toEqual({ done: 0 });
    supervisor.stop();
    expect(supervisor.loading).toBeNull();
    source.pending[0]?.resolve();
    await settle();
    expect(ids()).toEqual([]);
    expect(store.saves).toEqual([]);
    expect(source.connects).toHaveLength(0);
  });
});
