import { silentLogger } from '../../src/core/base/log';
import { EventLog } from '../../src/server/event-log';
import type { HeraldEvent } from '../../src/shared/events';

function filled(n: number, bufferSize: number, historyLimit: number, evicted: HeraldEvent[] = []): EventLog {
  const log = new EventLog({ bufferSize, historyLimit, logger: silentLogger, onEvict: (e) => evicted.push(e) });
  for (let i = 0; i < n; i++) log.append('notification', (id) => ({ itemId: id, title: `n${id}`, body: '', priority: 3 }));
  return log;
}

describe('EventLog', () => {
  it('resumes any cursor from oldest-1 to the head; older is a gap, ahead is a reset', () => {
    const log = filled(10, 4, 100);
    expect(log.oldestBuffered).toBe(7);
    expect(log.gapFor(6)).toBeNull();
    expect(log.gapFor(10)).toBeNull();
    expect(log.gapFor(5)).toEqual({ after: '5', oldest: '7', latest: '10', reset: false });
    expect(log.gapFor(0)).toMatchObject({ reset: false });
    expect(log.gapFor(11)).toMatchObject({ reset: true });
  });

  it('an empty log resumes "0" and resets anything else', () => {
    const log = filled(0, 4, 100);
    expect(log.gapFor(0)).toBeNull();
    expect(log.gapFor(1)).toMatchObject({ reset: true, latest: '0' });
    expect(log.after(0, 10)).toEqual({ events: [], hasMore: false });
    expect(log.before(null, 10)).toEqual({ events: [], hasMore: false });
  });

  it('evicts the oldest beyond historyLimit (telling onEvict) and pages what is left', () => {
    const evicted: HeraldEvent[] = [];
    const log = filled(3000, 10, 1000, evicted);
    expect(log.size).toBe(1000);
    expect(evicted.map((e) => e.id).slice(0, 3)).toEqual(['1', '2', '3']);
    expect(evicted).toHaveLength(2000);
    expect(log.oldestRetained).toBe(2001);
    expect(log.after(0, 2).events.map((e) => e.id)).toEqual(['2001', '2002']);
    expect(log.after(2998, 5)).toMatchObject({ hasMore: false });
    expect(log.after(2998, 5).events.map((e) => e.id)).toEqual(['2999', '3000']);
    expect(log.before(2003, 5).events.map((e) => e.id)).toEqual(['2002', '2001']);
    expect(log.get(2500)?.id).toBe('2500');
    expect(log.get(5)).toBeUndefined();
  });
});
