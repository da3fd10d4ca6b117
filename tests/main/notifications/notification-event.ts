import type { HeraldEvent } from '../../../src/shared/events';

/** A notification event as a source delivers it, for the pure policy tests (event n: item `i<n>`, id `e<n>`). */
export function notificationEvent(n: number, extra: Partial<{ priority: 1 | 2 | 3 | 4 | 5; title: string; body: string }> = {}): HeraldEvent {
  return {
    id: `e${n}`,
    type: 'notification',
    time: new Date(1_700_000_000_000 + n).toISOString(),
    data: { itemId: `i${n}`, title: extra.title ?? `Title ${n}`, body: extra.body ?? `Body ${n}`, priority: extra.priority ?? 3 },
  };
}
