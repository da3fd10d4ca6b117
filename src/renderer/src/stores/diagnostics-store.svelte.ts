/**
 * Settings → Troubleshooting: the diagnostics preview and what the user did with it. The preview always comes
 * first — copy and save are offered only once the text is shown, and main shares exactly that text. Changing the
 * placeholder choice builds a new preview before anything can be shared again.
 */
import type { ErrorInfo } from '../../../shared/connection-state';
import type { HeraldBridge } from '../../../shared/ipc-contract';
import { toErrorInfo, unwrap } from '../lib/bridge';

export type DiagnosticsStatus =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'shown'; text: string }
  | { kind: 'error'; error: ErrorInfo };

/** What the last share did, for a short confirmation next to the buttons. */
export type DiagnosticsShared = 'copied' | 'saved' | 'cancelled' | null;

export class DiagnosticsStore {
  readonly #bridge: HeraldBridge;
  #status = $state.raw<DiagnosticsStatus>({ kind: 'closed' });
  #placeholders = $state(true);
  #shared = $state<DiagnosticsShared>(null);
  #shareError = $state.raw<ErrorInfo | null>(null);
  /** Answers to an older request are dropped: only the newest preview is shown. */
  #request = 0;

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
  }

  get status(): DiagnosticsStatus {
    return this.#status;
  }
  get placeholders(): boolean {
    return this.#placeholders;
  }
  get shared(): DiagnosticsShared {
    return this.#shared;
  }
  get shareError(): ErrorInfo | null {
    return this.#shareError;
  }

  async preview(): Promise<void> {
    const request = ++this.#request;
    this.#status = { kind: 'loading' };
    this.#shared = null;
    this.#shareError = null;
    try {
      const text = unwrap(await this.#bridge.previewDiagnostics(this.#placeholders));
      if (request === this.#request) this.#status = { kind: 'shown', text };
    } catch (err) {
      if (request === this.#request) this.#status = { kind: 'error', error: toErrorInfo(err) };
    }
  }

  /** The checkbox: a shown preview is rebuilt at once, so it always matches what would be shared. */
  async setPlaceholders(on: boolean): Promise<void> {
    this.#placeholders = on;
    if (this.#status.kind !== 'closed') await this.preview();
  }

  close(): void {
    this.#request++;
    this.#status = { kind: 'closed' };
    this.#shared = null;
    this.#shareError = null;
  }

  async copy(): Promise<void> {
    await this.#share(async () => {
      unwrap(await this.#bridge.copyDiagnostics());
      return 'copied';
    });
  }

  async save(): Promise<void> {
    await this.#share(async () => (unwrap(await this.#bridge.saveDiagnostics()).saved ? 'saved' : 'cancelled'));
  }

  async openLogsFolder(): Promise<void> {
    this.#shareError = null;
    try {
      unwrap(await this.#bridge.openLogsFolder());
    } catch (err) {
      this.#shareError = toErrorInfo(err);
    }
  }

  async #share(run: () => Promise<DiagnosticsShared>): Promise<void> {
    if (this.#status.kind !== 'shown') return;
    this.#shared = null;
    this.#shareError = null;
    try {
      this.#shared = await run();
    } catch (err) {
      this.#shareError = toErrorInfo(err);
    }
  }
}
