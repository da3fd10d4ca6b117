/** Attempts as the supervisor sees them: what a link that proved itself (phase `healthy`) means once it drops. */
import { settle, type FakeSource } from '../helpers/fake-source';
import { supervised } from '../helpers/supervised';

const setup = (saved: string, transports: FakeSource['transports']) => supervised({ saved, transports, baseDelayMs: 100 });

describe('Supervisor: links that proved themselves', () => {
  it('a healthy link that drops again and again never counts against its transport', async () => {
    // (Long-poll: no watchdog, so the first byte after open proves the link.)
    const { supervisor, source, clock } = setup('1', ['longpoll', 'poll']);
    supervisor.start();
    for (let i = 0; i < 5; i++) {
      await settle();
      source.last.up();
      source.last.send(String(i + 2));
      source.last.fail('server');
      clock.advance(60_000);
    }
    expect(source.connects.map((t) => t.kind)).toEqual(Array(6).fill('longpoll'));
    supervisor.stop();
  });

  it('a climb back that proved itself and then drops stays on the better transport', async () => {
    const { supervisor, source, clock } = setup('1', ['longpoll', 'poll']);
    supervisor.start();
    await settle();
    for (let i = 0; i < 3; i++) {
      source.last.fail('server');
      clock.advance(30_000);
      await settle();
    }
    expect(source.last.kind).toBe('poll');
    source.last.up();
    clock.advance(5 * 60_000);
    await settle();
    expect(source.last.kind).toBe('longpoll');
    source.last.up();
    source.last.fail('server');
    expect(supervisor.state).toMatchObject({ kind: 'backoff', transport: 'longpoll' });
    clock.advance(30_000);
    await settle();
    expect(source.last.kind).toBe('longpoll');
    supervisor.stop();
  });
});
