/**
 * Settings → Move to another machine: export, and an import that always shows what it will change first. Main picks
 * the file (its own dialog) and holds the checked file between preview and apply; the window only asks.
 */
import type { ErrorInfo } from '../../../shared/connection-state';
import type { HeraldBridge } from '../../../shared/ipc-contract';
import type { ImportChange, ImportRefusalReason } from '../../../shared/settings-transfer';
import { toErrorInfo, unwrap } from '../lib/bridge';

export type TransferStatus =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'exported' }
  | { kind: 'export-cancelled' }
  /** A file was checked: these are its changes, waiting for Apply or Cancel. */
  | { kind: 'preview'; changes: ImportChange[] }
  | { kind: 'refused'; reason: ImportRefusalReason; field?: string }
  | { kind: 'imported' }
  | { kind: 'error'; error: ErrorInfo };

export class TransferStore {
  readonly #bridge: HeraldBridge;
  #status = $state.raw<TransferStatus>({ kind: 'idle' });

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
  }

  get status(): TransferStatus {
    return this.#status;
  }

  async exportSettings(): Promise<void> {
    await this.#run(async () => (unwrap(await this.#bridge.exportSettings()).saved ? { kind: 'exported' } : { kind: 'export-cancelled' }));
  }

  async chooseImport(): Promise<void> {
    await this.#run(async () => {
      const preview = unwrap(await this.#bridge.previewSettingsImport());
      if (preview.kind === 'cancelled') return { kind: 'idle' };
      if (preview.kind === 'refused') return { kind: 'refused', reason: preview.reason, ...(preview.field === undefined ? {} : { field: preview.field }) };
      return { kind: 'preview', changes: preview.changes };
    });
  }

  async applyImport(): Promise<void> {
    if (this.#status.kind !== 'preview') return;
    await this.#run(async () => {
      unwrap(await this.#bridge.applySettingsImport());
      return { kind: 'imported' };
    });
  }

  /** Cancel a preview: main's held file is simply never applied (the next preview replaces it). */
  cancel(): void {
    this.#status = { kind: 'idle' };
  }

  async #run(step: () => Promise<TransferStatus>): Promise<void> {
    if (this.#status.kind === 'busy') return;
    this.#status = { kind: 'busy' };
    try {
      this.#status = await step();
    } catch (err) {
      this.#status = { kind: 'error', error: toErrorInfo(err) };
    }
  }
}
