/**
 * The outbox as a process that does not own it sees it (`herald act`, `herald outbox`; the owner is the process that
 * holds the data dir's lock, src/core/stores/data-dir-lock.ts): it reads the store file, its journal and the mailbox
 * of actions handed over but not yet adopted, and writes nothing but new letters (./outbox-mailbox.ts). So it can run
 * at any time beside a running `herald subscribe` without erasing anything the owner keeps.
 */
import type { Action } from '../../shared/actions';
import type { Notice } from '../../shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../../shared/outbox';
import { systemClock } from '../base/clock';
import { silentLogger } from '../base/log';
import { canJournal, MemoryStore, type Journal, type JournalingStore, type KeyValueStore } from '../store';
import { keptAsideNotices, keptLetterNotices } from './kept-aside';
import { readKnownSources } from './known-sources';
import { newEntry, OutboxError } from './new-entry';
import type { OutboxMailbox } from './outbox-mailbox';
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_ENTRY_BYTES } from './outbox-options';
import { OUTBOX_KEYS } from './outbox-schema';
import { OutboxWriter } from './outbox-writer';

export interface OutboxViewOptions {
  store: KeyValueStore;
  mailbox: OutboxMailbox;
  newKey?: () => string;
  now?: () => number;
}

export class OutboxView {
  readonly #mailbox: OutboxMailbox;
  readonly #store: KeyValueStore;
  readonly #newKey: () => string;
  readonly #now: () => number;
  readonly #stored: OutboxEntry[];
  readonly #notices: Notice[];
  readonly #readOnly: boolean;
  readonly #known: Set<string>;

  constructor(options: OutboxViewOptions) {
    this.#mailbox = options.mailbox;
    this.#store = options.store;
    this.#newKey = options.newKey ?? (() => crypto.randomUUID());
    this.#now = options.now ?? Date.now;
    // Migrations and quarantines of the load happen in a copy: only the owner writes the store.
    const writer = new OutboxWriter({
      store: readOnlyCopy(options.store),
      clock: { ...systemClock, now: this.#now },
      logger: silentLogger,
      delayMs: 0,
      entries: () => [],
      count: () => 0,
      entry: () => undefined,
    });
    const loaded = writer.load(this.#newKey);
    writer.journal?.close();
    this.#stored = loaded.entries;
    this.#notices = loaded.notices;
    // Set by the load when the file was written by a newer Herald: nothing may be added then.
    this.#readOnly = writer.readOnly;
    this.#known = readKnownSources(options.store);
  }

  /** Stored entries, then the ones handed over and not adopted yet, in the order they were queued. */
  entries(): OutboxEntry[] {
    const keys = new Set(this.#stored.map((e) => e.key));
    const handed = this.#mailbox.read().letters.map((l) => l.entry).filter((e) => !keys.has(e.key));
    return [...this.#stored, ...handed];
  }

  progress(): OutboxProgress {
    const counts = { pending: 0, sending: 0, failed: 0 };
    for (const e of this.entries()) counts[e.state.kind]++;
    return { ...counts, done: 0, total: counts.pending + counts.sending };
  }

  notices(): Notice[] {
    const damaged = this.#mailbox.read().damaged.length;
    const letters: Notice[] = damaged > 0 ? [{ code: 'store_corrupt', message: `${damaged} action(s) handed over by another Herald process cannot be read` }] : [];
    return [...this.#notices.map((n) => ({ ...n })), ...letters, ...keptLetterNotices(this.#mailbox)];
  }

  /** Damaged files kept aside beside the outbox's store, for as long as they exist. */
  keptAside(): string[] {
    return keptAsideNotices(this.#store).map((n) => n.path!);
  }

  /** Handed-over actions that could not be read, kept aside by the owner (never sent), for as long as they exist. */
  keptAsideLetters(): string[] {
    return this.#mailbox.keptAside();
  }

  /** Whether the owner of this outbox has ever been connected to this source. */
  knowsSource(sourceId: string): boolean {
    return this.#known.has(sourceId);
  }

  /** Queue an action for the owner to send: checked like the owner's enqueue, then handed over (on disk when this returns). */
  post(sourceId: string, action: Action): OutboxEntry {
    const entry = newEntry(sourceId, action, {
      readOnly: this.#readOnly,
      count: this.entries().length,
      maxEntries: DEFAULT_MAX_ENTRIES,
      maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES,
      newKey: this.#newKey,
      exists: (k) => this.entries().some((e) => e.key === k),
      now: this.#now(),
    });
    try {
      this.#mailbox.post(entry);
    } catch (err) {
      throw new OutboxError('internal', `the action could not be saved: ${err instanceof Error ? err.message : String(err)}`, (err as NodeJS.ErrnoException).code);
    }
    return entry;
  }
}

/** The store's values in memory, and its journal for reading only; every write stays in memory. */
function readOnlyCopy(store: KeyValueStore): KeyValueStore {
  const copy = new MemoryStore();
  for (const key of Object.values(OUTBOX_KEYS)) {
    const v = store.get<unknown>(key);
    if (v !== undefined) copy.set(key, v);
  }
  if (!canJournal(store)) return copy;
  const journal = (key: string): Journal => {
    const real = store.journal(key);
    return {
      read: () => real.read(),
      append: () => {
        throw new Error('a viewer of the outbox never writes its journal');
      },
      get length() {
        return real.length;
      },
      // The owner folds and empties the journal, not a viewer.
      reset: () => undefined,
      close: () => real.close(),
    };
  };
  const journaled: JournalingStore = Object.assign(copy, { journal });
  return journaled;
}
