/**
 * The inbox cache on disk (the recent items, so a restart shows them at once) and the resume cursors kept beside it.
 *
 * Crash consistency: a saved cursor must never be ahead of the saved inbox, or a crash between the two writes loses
 * those items for good (the next start resumes after them). With an inbox cache, cursors are written only right
 * after the inbox snapshot that holds their events; a crash in between replays a little, never loses. A source's
 * first cursor is written at once (with the snapshot): until a cursor is on disk, every start is a first run that
 * loads only the newest items. Without a cache (the CLI), cursors are written as they come.
 */
import { OnceTimer, type Clock } from '../base/clock';
import type { CursorStore, SavedCursor } from '../connection/event-handoff';
import type { Disposable } from '../base/emitter';
import type { Inbox, InboxSnapshot } from './inbox';
import type { Logger } from '../base/log';
import type { KeyValueStore } from '../store';

const INBOX_KEY = 'inbox';
/** Save the inbox cache at most this often. */
const SAVE_INBOX_MS = 2000;

function cursorKey(sourceId: string): string {
  return `cursor:${sourceId}`;
}

/** Whether a key of the cursor store is a saved cursor (or the inbox cache kept beside them). */
export function isCursorStoreKey(key: string): boolean {
  return key.startsWith('cursor:') || key === INBOX_KEY;
}

/** Forget a source's saved position before a client starts (the CLI's `--since`: the user said where to start). */
export function forgetCursor(store: KeyValueStore, sourceId: string): void {
  store.delete(cursorKey(sourceId));
}

export class InboxCache implements Disposable {
  readonly #store: KeyValueStore;
  readonly #inboxStore: KeyValueStore | null;
  readonly #inbox: Inbox;
  readonly #log: Logger;
  readonly #saveTimer: OnceTimer;
  readonly #unsavedCursors = new Map<string, string | null>();
  readonly #subscription: Disposable | null;
  /** The file that kept the cursors was damaged and set aside: a missing cursor may have been lost, not never saved. */
  readonly #cursorsLost: boolean;
  readonly #lostReported = new Set<string>();

  /** Restores the cached items into `inbox`, then saves its changes (at most every 2 s). */
  constructor(options: { store: KeyValueStore; inboxStore: KeyValueStore | null; inbox: Inbox; clock: Clock; logger: Logger; cursorsLost?: boolean }) {
    this.#store = options.store;
    this.#cursorsLost = options.cursorsLost ?? false;
    this.#inboxStore = options.inboxStore;
    this.#inbox = options.inbox;
    this.#log = options.logger;
    this.#saveTimer = new OnceTimer(options.clock);
    if (this.#inboxStore) this.#inbox.restore(this.#inboxStore.get<InboxSnapshot>(INBOX_KEY));
    this.#subscription = this.#inboxStore ? this.#inbox.onDidChange(() => this.#scheduleSave()) : null;
  }

  /** Where a source's EventHandoff keeps its cursor. */
  cursorStore(sourceId: string): CursorStore {
    const key = cursorKey(sourceId);
    return {
      load: () => (this.#unsavedCursors.has(key) ? this.#unsavedCursors.get(key)! : this.#loadCursor(key)),
      save: (cursor) => this.#saveCursor(key, cursor),
    };
  }

  /** What the file holds for `key`, read as SavedCursor: a value that is not a string is damage, not a cursor. */
  #loadCursor(key: string): SavedCursor {
    const saved = this.#store.get<unknown>(key);
    if (typeof saved === 'string') return saved.length > 0 ? saved : null;
    if (saved !== undefined && saved !== null) return { unusable: `the saved cursor is not text (${typeof saved})` };
    // Said once per source: after that, no cursor means the one start over has already happened.
    if (!this.#cursorsLost || this.#lostReported.has(key)) return null;
    this.#lostReported.add(key);
    return { unusable: 'the file that kept it was damaged and set aside' };
  }

  /** Write what is waiting now (the inbox snapshot, then the cursors it covers). */
  flush(): void {
    this.#saveTimer.cancel();
    this.#saveInbox();
  }

  dispose(): void {
    this.flush();
    this.#subscription?.dispose();
  }

  #saveCursor(key: string, cursor: string | null): void {
    if (!this.#inboxStore) return this.#writeCursor(key, cursor);
    this.#unsavedCursors.set(key, cursor);
    if (cursor !== null && this.#store.get(key) === undefined) this.flush();
    else this.#scheduleSave();
  }

  #writeCursor(key: string, cursor: string | null): void {
    if (cursor === null) this.#store.delete(key);
    else this.#store.set(key, cursor);
  }

  #scheduleSave(): void {
    this.#saveTimer.ensure(SAVE_INBOX_MS, () => this.#saveInbox());
  }

  #saveInbox(): void {
    if (!this.#inboxStore) return;
    try {
      this.#inboxStore.set(INBOX_KEY, this.#inbox.toSnapshot());
    } catch (err) {
      // The cursors stay unsaved too: on the next start the events come again instead of being skipped.
      this.#log.warn('could not save the inbox cache', { error: String(err) });
      return;
    }
    for (const [key, cursor] of this.#unsavedCursors) {
      try {
        this.#writeCursor(key, cursor);
      } catch (err) {
        this.#log.error('could not save the cursor', { error: String(err) });
      }
    }
    this.#unsavedCursors.clear();
  }
}
