/**
 * Main → renderer events, batched: everything that happens within one ~16 ms window (a frame) goes out as one
 * `BatchedEvent[]`, in order. A burst of thousands of inbox changes becomes a few messages instead of thousands
 * of IPC hops; adjacent events of the same channel are merged (inbox changes concatenated, state snapshots
 * replaced by the newest), which keeps order and loses nothing the renderer would show. No Electron here:
 * `emit` is ipc-main's `send` in the app and a Playwright binding in the browser harness.
 */
import type { HeraldClient } from '../../core/herald-client';
import { OnceTimer, type Clock } from '../../core/base/clock';
import { DisposableStore, type Disposable } from '../../core/base/emitter';
import type { InboxChange } from '../../shared/inbox';
import type { BatchedEvent } from '../../shared/ipc-contract';
import type { Notice } from '../../shared/ipc-contract';
import type { Settings } from '../../shared/settings';
import type { PausedState } from '../paused-state';

export const BATCH_WINDOW_MS = 16;
/**
 * A message holding more inbox items than this goes out at once, without waiting for the window to close: the
 * renderer handles each message as one task, and a catch-up's window can hold tens of thousands of items.
 */
export const MAX_ITEMS_PER_MESSAGE = 2000;

export interface EventForwarderDeps {
  client: HeraldClient;
  settings: { onDidChange(listener: (s: Settings) => void): Disposable; onDidAddNotice?(listener: (n: Notice) => void): Disposable };
  paused: PausedState;
  clock: Clock;
  emit(batch: BatchedEvent[]): void;
  windowMs?: number;
}

export interface EventForwarder extends Disposable {
  /** Queue an event that does not come from a subscription (a notification click's focus-item, a notice). */
  push(event: BatchedEvent): void;
  /** Send what is queued now (before quitting, or when a window reloads). */
  flush(): void;
}

/** State channels where only the newest value matters when two sit side by side. */
const LATEST_WINS = new Set<BatchedEvent['channel']>(['herald:connection-changed', 'herald:outbox-changed', 'herald:paused-changed', 'herald:settings-changed']);

export function createEventForwarder(deps: EventForwarderDeps): EventForwarder {
  const { client, clock } = deps;
  const windowMs = deps.windowMs ?? BATCH_WINDOW_MS;
  const disposables = new DisposableStore();
  let queue: BatchedEvent[] = [];
  /** The change list of the last queued inbox event once it is ours to append to (a copy: never the core's array). */
  let ownChanges: InboxChange[] | null = null;
  /** Inbox items waiting in the queue. */
  let queuedItems = 0;
  const timer = new OnceTimer(clock);
  let disposed = false;

  const flush = (): void => {
    timer.cancel();
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    ownChanges = null;
    queuedItems = 0;
    deps.emit(batch);
  };

  const push = (event: BatchedEvent): void => {
    if (disposed) return;
    if (event.channel === 'herald:inbox-changed') {
      const w = weight(event.payload.changes);
      if (queuedItems + w > MAX_ITEMS_PER_MESSAGE && queue.length > 0) flush();
      queuedItems += w;
    }
    const last = queue[queue.length - 1];
    if (last && last.channel === event.channel) {
      if (event.channel === 'herald:inbox-changed' && last.channel === 'herald:inbox-changed') {
        // Appending in place: copying the whole list per event made a burst quadratic.
        if (ownChanges === null) {
          ownChanges = [...last.payload.changes];
          queue[queue.length - 1] = { channel: 'herald:inbox-changed', payload: { changes: ownChanges, unread: last.payload.unread } };
        }
        for (const c of event.payload.changes) ownChanges.push(c);
        (queue[queue.length - 1] as Extract<BatchedEvent, { channel: 'herald:inbox-changed' }>).payload.unread = event.payload.unread;
        return;
      }
      if (LATEST_WINS.has(event.channel)) {
        queue[queue.length - 1] = event;
        return;
      }
    }
    queue.push(event);
    ownChanges = null;
    timer.ensure(windowMs, flush);
  };

  disposables.add(client.onDidChangeInbox((changes) => push({ channel: 'herald:inbox-changed', payload: { changes, unread: client.unreadCount() } })));
  disposables.add(client.onDidChangeConnection((summary) => push({ channel: 'herald:connection-changed', payload: summary })));
  disposables.add(client.onDidChangeOutbox((progress) => push({ channel: 'herald:outbox-changed', payload: progress })));
  disposables.add(deps.paused.onDidChange((paused) => push({ channel: 'herald:paused-changed', payload: paused })));
  disposables.add(deps.settings.onDidChange((settings) => push({ channel: 'herald:settings-changed', payload: settings })));
  if (deps.settings.onDidAddNotice) disposables.add(deps.settings.onDidAddNotice((notice) => push({ channel: 'herald:notice', payload: notice })));

  return {
    push,
    flush,
    dispose() {
      disposed = true;
      disposables.dispose();
      timer.dispose();
      queue = [];
    },
  };
}

function weight(changes: readonly InboxChange[]): number {
  let n = 0;
  for (const c of changes) n += c.kind === 'added' || c.kind === 'updated' ? c.items.length : c.kind === 'removed' ? c.keys.length : 1;
  return n;
}
