import { EventEmitter } from 'node:events';
import { ManualClock } from '../../helpers/manual-clock';
import { createUpdatePolicy, DEFAULT_UPDATE_INTERVAL_MS, type UpdateState, type Updater } from '../../../src/main/updates/update-policy';

/** A stand-in for electron-updater's autoUpdater: each check is a promise the test settles. */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks: Array<{ resolve(): void; reject(e: Error): void }> = [];
  installs = 0;
  checkForUpdates(): Promise<unknown> {
    return new Promise((resolve, reject) => this.checks.push({ resolve: () => resolve(null), reject }));
  }
  quitAndInstall(): void {
    this.installs++;
  }
  /** A new version finished downloading. */
  downloaded(version: string): void {
    this.emit('update-downloaded', { version });
  }
}

const HOUR = 60 * 60 * 1000;
const flush = () => new Promise<void>((r) => setImmediate(r));

function setup() {
  const clock = new ManualClock();
  const updater = new FakeUpdater();
  const policy = createUpdatePolicy({ updater, clock });
  const states: UpdateState[] = [];
  policy.onDidChange((s) => states.push(s));
  return { clock, updater, policy, states };
}

describe('update policy', () => {
  it('is off when there is no updater (not packaged): no checks, nothing to install', () => {
    const clock = new ManualClock();
    const policy = createUpdatePolicy({ updater: null, clock });
    expect(policy.state()).toEqual({ kind: 'off' });
    clock.advance(24 * HOUR);
    policy.installNow();
    expect(clock.pending).toBe(0);
  });

  it('downloads quietly but installs only on quit or when asked', () => {
    const { updater } = setup();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('checks at start, then every four hours, and never twice at once', async () => {
    const { clock, updater, policy } = setup();
    expect(updater.checks).toHaveLength(1);
    expect(policy.state()).toEqual({ kind: 'checking' });
    clock.advance(5 * HOUR); // a slow check: the next one waits for it
    expect(updater.checks).toHaveLength(1);
    updater.checks[0]!.resolve();
    await flush();
    expect(policy.state()).toEqual({ kind: 'idle', lastCheckAt: clock.now() });
    clock.advance(DEFAULT_UPDATE_INTERVAL_MS - 1);
    expect(updater.checks).toHaveLength(1);
    clock.advance(1);
    expect(updater.checks).toHaveLength(2);
    expect(DEFAULT_UPDATE_INTERVAL_MS).toBe(4 * HOUR);
  });

  it('after a sleep through the due time, checks within minutes of waking (timers stood still meanwhile)', async () => {
    const timers = new ManualClock();
    let slept = 0;
    // The wall clock moves on during sleep; pending timers do not.
    const clock = { now: () => timers.now() + slept, setTimeout: timers.setTimeout.bind(timers), clearTimeout: timers.clearTimeout.bind(timers) };
    const updater = new FakeUpdater();
    createUpdatePolicy({ updater, clock });
    updater.checks[0]!.resolve();
    await flush();
    timers.advance(HOUR);
    slept = 5 * HOUR;
    expect(updater.checks).toHaveLength(1);
    timers.advance(10 * 60 * 1000);
    expect(updater.checks).toHaveLength(2);
  });

  it('a failed check (offline, no feed) waits quietly for the next turn', async () => {
    const { clock, updater, policy } = setup();
    updater.checks[0]!.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    await flush();
    expect(policy.state().kind).toBe('idle');
    clock.advance(DEFAULT_UPDATE_INTERVAL_MS);
    expect(updater.checks).toHaveLength(2);
  });

  it('once downloaded: "ready" with the version, no more checks, and no restart until the user asks', async () => {
    const { clock, updater, policy, states } = setup();
    updater.checks[0]!.resolve();
    await flush();
    updater.downloaded('0.2.0');
    expect(policy.state()).toEqual({ kind: 'ready', version: '0.2.0' });
    expect(states.at(-1)).toEqual({ kind: 'ready', version: '0.2.0' });
    clock.advance(48 * HOUR);
    expect(updater.checks).toHaveLength(1);
    expect(updater.installs).toBe(0);
    policy.installNow();
    expect(updater.installs).toBe(1);
  });

  it('"restart to install" does nothing before an update is ready', async () => {
    const { updater, policy } = setup();
    policy.installNow();
    updater.checks[0]!.resolve();
    await flush();
    policy.installNow();
    expect(updater.installs).toBe(0);
  });

  it('dispose stops the schedule and lets go of the updater', async () => {
    const { clock, updater, policy } = setup();
    updater.checks[0]!.resolve();
    await flush();
    policy.dispose();
    clock.advance(24 * HOUR);
    expect(updater.checks).toHaveLength(1);
    expect(updater.listenerCount('update-downloaded') + updater.listenerCount('error')).toBe(0);
  });
});
