/**
 * The outbox as the window shows it: a quiet "syncing done/total" while queued actions go out, and the entries
 * that failed (with the server's reason) so the reader can retry or discard them.
 */
import type { HeraldBridge } from '../../../shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../../../shared/outbox';
import { unwrap } from '../lib/bridge';

const EMPTY: OutboxProgress = { pending: 0, sending: 0, failed: 0, done: 0, total: 0 };

export class OutboxStore {
  readonly #bridge: HeraldBridge;
  #progress = $state.raw<OutboxProgress>(EMPTY);
  #failed = $state.raw<readonly OutboxEntry[]>([]);
  #syncing = $derived(this.#progress.pending + this.#progress.sending > 0);
  /** Entries whose Retry/Discard is on its way (buttons disabled meanwhile). */
  #busy = $state.raw<ReadonlySet<string>>(new Set());
  /** Damaged outbox files main kept aside: named until the user removes them (main looks again at every start). */
  #keptAside = $state.raw<readonly string[]>([]);

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
  }

  get progress(): OutboxProgress {
    return this.#progress;
  }
  get syncing(): boolean {
    return this.#syncing;
  }
  get failed(): readonly OutboxEntry[] {
    return this.#failed;
  }
  get keptAside(): readonly string[] {
    return this.#keptAside;
  }
  setKeptAside(paths: readonly string[]): void {
    this.#keptAside = paths;
  }
  isBusy(key: string): boolean {
    return this.#busy.has(key);
  }

  /** New progress from main. The failed list is fetched again only when the number of failures moved. */
  async setProgress(progress: OutboxProgress): Promise<void> {
    const before = this.#progress.failed;
    this.#progress = progress;
    if (progress.failed !== before || progress.failed !== this.#failed.length) await this.refreshFailed();
  }

  async refreshFailed(): Promise<void> {
    if (this.#progress.failed === 0) {
      if (this.#failed.length > 0) this.#failed = [];
      return;
    }
    const entries = unwrap(await this.#bridge.listOutbox());
    this.#failed = entries.filter((e) => e.state.kind === 'failed');
  }

  async retry(key: string): Promise<void> {
    await this.#whileBusy(key, async () => unwrap(await this.#bridge.retryOutbox(key)));
  }

  async discard(key: string): Promise<void> {
    await this.#whileBusy(key, async () => unwrap(await this.#bridge.discardOutbox(key)));
  }

  async #whileBusy(key: string, run: () => Promise<void>): Promise<void> {
    this.#busy = new Set([...this.#busy, key]);
    try {
      await run();
      // Drop it from view at once; the progress event that follows confirms it.
      this.#failed = this.#failed.filter((e) => e.key !== key);
    } finally {
      const next = new Set(this.#busy);
      next.delete(key);
      this.#busy = next;
    }
  }
}
