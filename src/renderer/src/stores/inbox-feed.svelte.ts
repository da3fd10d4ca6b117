/**
 * Main's inbox as it reaches the window: the snapshot, then batches of changes applied through the catch-up queue
 * (../lib/catch-up.ts: slices, one per task), batches that arrive before the snapshot held until it is in, a
 * `reset` answered by a fresh snapshot, and a big inbox's older items fetched a page at a time behind live batches.
 */
import type { InboxChange, InboxItem } from '../../../shared/inbox';
import { ITEMS_PAGE, type HeraldBridge, type Snapshot } from '../../../shared/ipc-contract';
import { unwrap } from '../lib/bridge';
import { CatchUpQueue } from '../lib/catch-up';
import type { InboxStore } from './inbox-store.svelte';

export interface InboxFeedDeps {
  bridge: HeraldBridge;
  inbox: InboxStore;
  /** A batch is in the list; `arrived` new items came with it. */
  applied(changes: readonly InboxChange[], arrived: number): void;
  /** The list was loaded again from a fresh snapshot (after a `reset`). */
  reloaded(): void;
  failed(err: unknown): void;
}

export class InboxFeed {
  readonly #deps: InboxFeedDeps;
  /** Inbox batches that arrive before the first snapshot are applied after it. */
  #early: InboxChange[][] | null = [];
  /** A catch-up of many changes is applied in slices, one per task. */
  readonly #queue = new CatchUpQueue({ apply: (changes) => this.#apply(changes) });
  /** Bumped by every snapshot: a page loop of an older one stops. */
  #generation = 0;

  constructor(deps: InboxFeedDeps) {
    this.#deps = deps;
  }

  /**
   * A batch from main's `inbox-changed` event, with the core's unread count after it. A batch held until the
   * snapshot is in brings no count: the snapshot's is newer.
   */
  receive(changes: InboxChange[], unread?: number): void {
    if (this.#early) {
      this.#early.push(changes);
      return;
    }
    this.#queue.push(changes);
    if (unread !== undefined) this.#deps.inbox.setUnread(unread);
  }

  /** The snapshot's items (the newest) and the core's unread count, then the older items in the background. */
  load(snap: Snapshot): void {
    this.#deps.inbox.load(snap.items, snap.unread);
    this.#loadOlder(snap);
  }

  /** The first snapshot is in: the batches held meanwhile go now, in order. */
  start(): void {
    const early = this.#early ?? [];
    this.#early = null;
    for (const batch of early) this.receive(batch);
  }

  dispose(): void {
    this.#queue.dispose();
    this.#generation++;
  }

  #apply(changes: InboxChange[]): void {
    const { inbox } = this.#deps;
    const before = inbox.items.length;
    if (inbox.apply(changes)) {
      void this.#reload();
      return;
    }
    this.#deps.applied(changes, inbox.items.length - before);
  }

  async #reload(): Promise<void> {
    try {
      this.load(unwrap(await this.#deps.bridge.getSnapshot()));
      this.#deps.reloaded();
    } catch (err) {
      this.#deps.failed(err);
    }
  }

  /**
   * A snapshot of a big inbox carries only its newest items: fetch the rest a page at a time, each page merged
   * through the catch-up queue like any batch, so the list shows at once and the window stays responsive.
   */
  #loadOlder(snap: Snapshot): void {
    const generation = ++this.#generation;
    const total = snap.itemsTotal ?? 0;
    let last: InboxItem | undefined = snap.items.at(-1);
    if (total <= snap.items.length || !last) return;
    const run = async (): Promise<void> => {
      // Bounded: never more pages than the total asks for (plus a few for items arriving meanwhile).
      for (let page = 0; page < Math.ceil(total / ITEMS_PAGE) + 5 && last && generation === this.#generation; page++) {
        const items = unwrap(await this.#deps.bridge.getItems({ key: last.key, time: last.time }, ITEMS_PAGE));
        if (generation !== this.#generation) return;
        if (items.length > 0) this.#queue.push([{ kind: 'added', items: [...items].reverse() }], { background: true });
        // One page in hand at a time: the next is asked for once this one is in the list.
        await this.#queue.drained();
        if (items.length < ITEMS_PAGE) return;
        last = items.at(-1);
      }
    };
    run().catch((err: unknown) => this.#deps.failed(err));
  }
}
