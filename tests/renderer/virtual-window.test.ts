import { computeWindow } from '../../src/renderer/src/lib/virtual-window';

describe('computeWindow', () => {
  const base = { viewportHeight: 600, rowHeight: 60, count: 100_000, overscan: 5 };

  it('renders only the rows in view plus the overscan', () => {
    const w = computeWindow({ ...base, scrollTop: 0 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(16); // 10 visible + 1 partial + 5 below
    expect(w.totalHeight).toBe(6_000_000);
  });

  it('moves the window with the scroll position', () => {
    const w = computeWindow({ ...base, scrollTop: 60 * 5000 });
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5016);
    expect(w.offsetTop).toBe(4995 * 60);
  });

  it('clamps a scroll position past the end (the list shrank under a filter)', () => {
    const w = computeWindow({ ...base, count: 20, scrollTop: 99_999 });
    expect(w.end).toBe(20);
    expect(w.start).toBeGreaterThanOrEqual(0);
    expect(w.end - w.start).toBeLessThanOrEqual(20);
  });

  it('renders nothing for an empty list', () => {
    expect(computeWindow({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });
});
