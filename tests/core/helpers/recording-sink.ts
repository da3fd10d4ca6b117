/** A TransportSink that records every call, for transport tests. */
import type { ErrorInfo } from '../../../src/shared/connection-state';
import type { HeraldEvent } from '../../../src/shared/events';
import type { GapInfo, LinkOutcome, LossInfo, TransportSink } from '../../../src/core/source';

export type SinkCall =
  | { call: 'open' }
  | { call: 'activity' }
  | { call: 'events'; ids: string[]; cursor: string | null }
  | { call: 'gap'; info: GapInfo }
  | { call: 'retryHint'; ms: number }
  | { call: 'malformed'; reason: string }
  | { call: 'lost'; info: LossInfo }
  | { call: 'closed'; error: ErrorInfo; outcome: LinkOutcome };

export class RecordingSink implements TransportSink {
  readonly calls: SinkCall[] = [];
  readonly events_: HeraldEvent[] = [];
  open(): void {
    this.calls.push({ call: 'open' });
  }
  events(events: HeraldEvent[], cursor: string | null): void {
    this.events_.push(...events);
    this.calls.push({ call: 'events', ids: events.map((e) => e.id), cursor });
  }
  activity(): void {
    this.calls.push({ call: 'activity' });
  }
  gap(info: GapInfo): void {
    this.calls.push({ call: 'gap', info });
  }
  retryHint(ms: number): void {
    this.calls.push({ call: 'retryHint', ms });
  }
  malformed(reason: string): void {
    this.calls.push({ call: 'malformed', reason });
  }
  lost(info: LossInfo): void {
    this.calls.push({ call: 'lost', info });
  }
  closed(error: ErrorInfo, outcome: LinkOutcome): void {
    this.calls.push({ call: 'closed', error, outcome });
  }
  /** The calls without the (many) activity ones. */
  get meaningful(): SinkCall[] {
    return this.calls.filter((c) => c.call !== 'activity');
  }
  count(call: SinkCall['call']): number {
    return this.calls.filter((c) => c.call === call).length;
  }
  get ids(): string[] {
    return this.events_.map((e) => e.id);
  }
}
