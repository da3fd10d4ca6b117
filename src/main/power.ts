/**
 * Sleep, wake, lock and network signals → the client. Electron's powerMonitor and net give the events; the pure
 * detectors in power-signals.ts cover for the ones that never come.
 */
import { net, powerMonitor } from 'electron';
import type { HeraldClient } from '../core/herald-client';
import { systemClock, type Clock } from '../core/base/clock';
import { DisposableStore, type Disposable } from '../core/base/emitter';
import { silentLogger, type Logger } from '../core/base/log';
import { createOnlinePoller, createWakeDetector } from './power-signals';

export interface PowerDeps {
  client: Pick<HeraldClient, 'suspend' | 'resume' | 'reconnectNow' | 'setOnline'>;
  clock?: Clock;
  logger?: Logger;
}

export function registerPower(deps: PowerDeps): Disposable {
  const { client } = deps;
  const clock = deps.clock ?? systemClock;
  const log = deps.logger ?? silentLogger;
  const disposables = new DisposableStore();

  const wake = disposables.add(
    createWakeDetector({
      clock,
      onWake: (sleptMs) => {
        log.info('wall clock jumped: treating it as a wake from sleep', { sleptMs });
        client.resume();
      },
    }),
  );

  const on = (event: 'suspend' | 'resume' | 'unlock-screen', fn: () => void): void => {
    // Electron's overloads are per event name; one loose signature keeps this helper readable.
    const monitor = powerMonitor as unknown as { on(e: string, f: () => void): void; removeListener(e: string, f: () => void): void };
    monitor.on(event, fn);
    disposables.add({ dispose: () => void monitor.removeListener(event, fn) });
  };
  on('suspend', () => {
    log.info('system is going to sleep');
    client.suspend();
  });
  on('resume', () => {
    log.info('system woke up');
    wake.reset();
    client.resume();
  });
  // Locking changes nothing for a notification client; unlocking is when a person looks again, so try now.
  on('unlock-screen', () => client.reconnectNow());

  disposables.add(
    createOnlinePoller({
      clock,
      isOnline: () => net.isOnline(),
      onChange: (online) => {
        log.info(online ? 'network is up' : 'network is down');
        client.setOnline(online);
      },
    }),
  );

  return disposables;
}
