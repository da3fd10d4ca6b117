/**
 * A saved cursor that cannot be used is a start over, said once: the supervisor forgets it, reports a possible loss
 * (`cursor_unusable`), and reads history from its start — never a silent start "from now", never a retry loop on a
 * cursor the server refuses. (The CLI as a whole: tests/cli/subscribe-bad-cursor.test.ts.)
 */
import type { SavedCursor } from '../../../src/core/connection/event-handoff';
import { note, settle } from '../helpers/fake-source';
import { supervised } from '../helpers/supervised';

function setup(saved: SavedCursor | number) {
  const s = supervised({ saved: saved as SavedCursor, preference: 'sse' });
  s.source.history = ['1', '2', '3'].map(note);
  return { ...s, delivered: s.ids };
}

describe('Supervisor: a saved cursor that cannot be used', () => {
  it.each([
    ['a number', 42],
    ['an object', { unusable: 'the file that kept it was damaged and set aside' }],
  ])('(%s) is a start over: one loss notice, history read from its start, then live from its end', async (_name, saved) => {
    const { source, store, supervisor, losses, delivered } = setup(saved);
    supervisor.start();
    await settle();
    expect(losses).toEqual([{ reason: 'cursor_unusable', to: new Date(0).toISOString() }]);
    expect(source.catchUps).toEqual([null]);
    expect(delivered()).toEqual(['1', '2', '3']);
    expect(source.last.cursor).toBe('3');
    expect(store.value).toBe('3');
  });

  it('a 400 to a link carrying our cursor starts over at once (no backoff); a second 400 is an ordinary failure', async () => {
    const { source, supervisor, losses, delivered } = setup('x y z');
    source.history = [];
    supervisor.start();
    await settle();
    expect(source.catchUps).toEqual(['x y z']);
    const refused = { code: 'invalid_input' as const, message: 'HTTP 400: cursor must be a decimal event id', status: 400 };
    source.last.sink.closed(refused, 'retry');
    await settle();
    expect(losses.map((l) => l.reason)).toEqual(['cursor_unusable']);
    expect(source.catchUps).toEqual(['x y z', null]);
    expect(supervisor.state.kind).toBe('connecting');

    source.last.send('1');
    source.last.sink.closed(refused, 'retry');
    await settle();
    expect(losses).toHaveLength(1);
    expect(supervisor.state).toMatchObject({ kind: 'backoff', error: { status: 400 } });
    expect(delivered()).toEqual(['1']);
  });

  it('a usable cursor is not touched', async () => {
    const { source, supervisor, losses } = setup('2');
    supervisor.start();
    await settle();
    expect(losses).toEqual([]);
    expect(source.catchUps).toEqual(['2']);
  });
});
