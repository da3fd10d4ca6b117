import { ManualClock } from '../helpers/manual-clock';
import { fake, powerMonitor, resetElectron } from '../support/electron-fake.mjs';
import { emptyClient, recordCalls } from './real-client';

vi.mock('electron', () => import('../support/electron-fake.mjs'));

const { registerPower } = await import('../../src/main/power');

/** A ManualClock whose wall time can jump without timers running: what a laptop lid does. */
class SleepyClock extends ManualClock {
  offset = 0;
  override now(): number {
    return super.now() + this.offset;
  }
  sleep(ms: number): void {
    this.offset += ms;
  }
}

describe('power and network signals', () => {
  let clock: SleepyClock;
  let client: ReturnType<typeof recordCalls<'suspend' | 'resume' | 'reconnectNow' | 'setOnline'>>;
  let dispose: () => void;

  beforeEach(() => {
    clock = new SleepyClock();
    resetElectron();
    const real = emptyClient();
    client = recordCalls(real, ['suspend', 'resume', 'reconnectNow', 'setOnline']);
    const registration = registerPower({ client: real, clock });
    dispose = () => registration.dispose();
  });
  afterEach(() => dispose());

  it('suspend and resume from the OS reach the client; unlock reconnects now', () => {
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('unlock-screen');
    expect(client.order().filter((m) => m !== 'setOnline')).toEqual(['suspend', 'resume', 'reconnectNow']);
  });

  it('a jump of wall time with no resume event is treated as a wake', () => {
    clock.advance(25_000);
    expect(client.called('resume')).toEqual([]);
    clock.sleep(5 * 60_000); // the lid was closed; no OS event came
    clock.advance(10_000);
    expect(client.called('resume')).toHaveLength(1);
    clock.advance(60_000);
    expect(client.called('resume')).toHaveLength(1);
  });

  it('the same sleep is not reported twice when the OS does send resume', () => {
    clock.sleep(5 * 60_000);
    powerMonitor.emit('resume');
    clock.advance(30_000);
    expect(client.called('resume')).toHaveLength(1);
  });

  it('polls net.isOnline and tells the client only when it changes', () => {
    expect(client.called('setOnline')).toEqual([[true]]);
    clock.advance(20_000);
    expect(client.called('setOnline')).toEqual([[true]]);
    fake.online = false;
    clock.advance(5_000);
    expect(client.called('setOnline')).toEqual([[true], [false]]);
    resetElectron();
    clock.advance(5_000);
    expect(client.called('setOnline')).toEqual([[true], [false], [true]]);
  });

  it('stops listening and polling when disposed', () => {
    dispose();
    dispose = () => {};
    powerMonitor.emit('suspend');
    fake.online = false;
    clock.advance(60_000);
    expect(client.called('suspend')).toEqual([]);
    expect(client.called('setOnline')).toEqual([[true]]);
    expect(clock.pending).toBe(0);
  });
});
