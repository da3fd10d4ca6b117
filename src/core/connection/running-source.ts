/**
 * One configured source while the client runs: its Source, its Supervisor (with the cursor kept by the inbox cache)
 * and the listeners that carry what it delivers to the client; its line of the connection summary.
 */
import type { ConnectionState } from '../../shared/connection-state';
import type { HeraldEvent } from '../../shared/events';
import type { SourceStatus } from '../../shared/inbox';
import { DisposableStore, type Disposable } from '../base/emitter';
import type { LossInfo, Source, SourceConfig } from '../source';
import { Supervisor, type SupervisorOptions } from './supervisor';

export interface RunningSourceListeners {
  /** De-duplicated events, stamped with the source id. */
  events(events: HeraldEvent[], catchUp: boolean): void;
  caughtUp(count: number): void;
  lost(info: LossInfo): void;
  /** The state or the first-load progress changed. */
  changed(state: ConnectionState): void;
}

export class RunningSource implements Disposable {
  readonly supervisor: Supervisor;
  readonly #disposables = new DisposableStore();

  constructor(
    readonly config: SourceConfig,
    readonly source: Source,
    options: Omit<SupervisorOptions, 'source'>,
    on: RunningSourceListeners,
  ) {
    const supervisor = (this.supervisor = new Supervisor({ ...options, source }));
    this.#disposables.add(supervisor.onDidReceiveEvents(({ events, catchUp }) => on.events(events, catchUp)));
    this.#disposables.add(supervisor.onDidCatchUp(({ count }) => on.caughtUp(count)));
    this.#disposables.add(supervisor.onDidDetectLoss((info) => on.lost(info)));
    this.#disposables.add(supervisor.onDidChangeLoading(() => on.changed(supervisor.state)));
    this.#disposables.add(supervisor.onDidChangeState((state) => on.changed(state)));
  }

  status(): SourceStatus {
    const status: SourceStatus = {
      id: this.config.id,
      label: this.source.label,
      kind: this.config.kind,
      state: this.supervisor.state,
      malformed: this.supervisor.malformedCount,
    };
    if (!this.source.actions) status.actionless = true;
    const loading = this.supervisor.loading;
    if (loading) status.loading = { ...loading };
    return status;
  }

  /** Stop the supervisor (closing its link); nothing it says afterwards reaches the listeners. */
  dispose(): void {
    this.supervisor.stop();
    this.#disposables.dispose();
  }
}
