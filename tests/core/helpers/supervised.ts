/** A Supervisor over a FakeSource on a ManualClock, with what it published recorded. */
import { ManualClock } from '../../helpers/manual-clock';
import { Supervisor, type ReceivedEvents, type SupervisorOptions } from '../../../src/core/connection/supervisor';
import type { ConnectionState } from '../../../src/shared/connection-state';
import type { CatchUpProgress, LossInfo } from '../../../src/core/source';
import type { SavedCursor } from '../../../src/core/connection/event-handoff';
import { FakeSource } from './fake-source';

export function supervised(options: Partial<SupervisorOptions> & { saved?: SavedCursor; transports?: FakeSource['transports'] } = {}) {
  const { saved, transports, ...rest } = options;
  const clock = new ManualClock(0);
  const source = new FakeSource();
  if (transports) source.transports = transports;
  const store = { value: saved ?? null, saves: [] as SavedCursor[] };
  const supervisor = new Supervisor({
    source,
    preference: 'auto',
    cursor: {
      load: () => store.value,
      save: (c) => {
        store.value = c;
        store.saves.push(c);
      },
    },
    clock,
    random: () => 0.5,
    ...rest,
  });
  const states: ConnectionState[] = [];
  const received: ReceivedEvents[] = [];
  const caughtUp: number[] = [];
  const loading: (CatchUpProgress | null)[] = [];
  const losses: LossInfo[] = [];
  supervisor.onDidDetectLoss((l) => losses.push(l));
  supervisor.onDidChangeState((s) => states.push(s));
  supervisor.onDidReceiveEvents((e) => received.push(e));
  supervisor.onDidCatchUp((e) => caughtUp.push(e.count));
  supervisor.onDidChangeLoading((p) => loading.push(p));
  const ids = () => received.flatMap((r) => r.events.map((e) => e.id));
  return { clock, source, store, supervisor, states, received, caughtUp, loading, losses, ids };
}
