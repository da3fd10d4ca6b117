import { SeenIds } from '../../../src/core/connection/seen-ids';

describe('SeenIds', () => {
  it('reports new ids once and duplicates after', () => {
    const seen = new SeenIds(10);
    expect(seen.add('1')).toBe(true);
    expect(seen.add('1')).toBe(false);
    expect(seen.has('1')).toBe(true);
    expect(seen.has('2')).toBe(false);
  });

  it('filters a batch keeping order and dropping repeats inside the batch', () => {
    const seen = new SeenIds(10);
    seen.add('2');
    const out = seen.filter([{ id: '1' }, { id: '2' }, { id: '3' }, { id: '1' }]);
    expect(out.map((e) => e.id)).toEqual(['1', '3']);
  });

  it('keeps memory bounded: only the most recent ids are remembered', () => {
    const seen = new SeenIds(3);
    for (const id of ['a', 'b', 'c', 'd']) seen.add(id);
    expect(seen.size).toBe(3);
    expect(seen.has('a')).toBe(false);
    expect(seen.has('d')).toBe(true);
    expect(seen.add('a')).toBe(true);
    expect(seen.has('b')).toBe(false);
  });

  it('stays at capacity over a long run', () => {
    const seen = new SeenIds(5000);
    for (let i = 0; i < 20_000; i++) seen.add(String(i));
    expect(seen.size).toBe(5000);
    expect(seen.has('14999')).toBe(false);
    expect(seen.has('15000')).toBe(true);
  });

  it('clear() forgets everything', () => {
    const seen = new SeenIds(3);
    seen.add('1');
    seen.clear();
    expect(seen.size).toBe(0);
    expect(seen.add('1')).toBe(true);
  });

  it('rejects a nonsense capacity', () => {
    expect(() => new SeenIds(0)).toThrow(RangeError);
  });
});
