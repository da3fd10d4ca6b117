import { MemoryStore } from '../../../src/core/store';
import { decideDelivery } from '../../../src/main/notifications/policy';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { defaultProfile } from '../../../src/shared/settings';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

const NOW = 1_700_000_000_000;
const make = (store = new MemoryStore(), now = () => NOW) => new SettingsService({ store, cipher: createSafeStorageCipher(), now });

describe('notification settings', () => {
  it('a source whose id is __proto__ keeps its own quiet hours and snooze, and other sources read nothing from the prototype', () => {
    const service = make();
    // The window sends JSON: `__proto__` arrives as an own key, as a hand-edited settings file would have it.
    const quiet = { enabled: true, start: '22:00', end: '07:00', allowUrgent: false };
    const patch = JSON.parse(`{"sourceNotifications": {"__proto__": {"quietHours": ${JSON.stringify(quiet)}}}, "snooze": {"sources": {"__proto__": {"until": null}}}}`);
    const s = service.update(patch);
    expect(Object.hasOwn(s.sourceNotifications, '__proto__')).toBe(true);
    expect(s.sourceNotifications['__proto__']).toEqual({ quietHours: quiet });
    expect(Object.hasOwn(s.snooze.sources, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(s.sourceNotifications)).toBe(Object.prototype);
    expect((s.sourceNotifications as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });


  it('a fresh install gets the issue’s defaults: 1–2 list only, 3 toast, 4 + sound, 5 + urgent sound + break-through', () => {
    const s = make().get();
    expect(s.profile).toEqual(defaultProfile());
    expect(s.profile.map((r) => `${r.toast}/${r.sound}/${r.breakThrough}`)).toEqual([
      'false/none/false',
      'false/none/false',
      'true/none/false',
      'true/default/false',
      'true/urgent/true',
    ]);
    expect(s.sourceNotifications).toEqual({});
    expect(s.snooze).toEqual({ sources: {} });
  });

  it('migrating a v1 file keeps what its user chose: sound on keeps priority 3 audible, sound off stays off, no break-through stays none', () => {
    const withSound = new MemoryStore();
    withSound.set('version', 1);
    withSound.set('sources', [{ id: 'ops', kind: 'herald', url: 'http://127.0.0.1:1' }]);
    withSound.set('quietHours', { enabled: true, start: '22:00', end: '07:00', allowUrgent: false });
    const a = make(withSound).get();
    expect(withSound.get('version')).toBe(2);
    expect(a.sound).toBe(true);
    expect(a.quietHours).toEqual({ enabled: true, start: '22:00', end: '07:00', allowUrgent: false });
    const at = { sourceId: 'ops', paused: false, nowMs: NOW };
    expect(decideDelivery(a, { ...at, priority: 3, localMinutes: 12 * 60 })).toEqual({ toast: true, sound: 'default', badge: true });
    // allowUrgent off before: priority 5 still does not break through quiet hours.
    expect(decideDelivery(a, { ...at, priority: 5, localMinutes: 23 * 60 }).toast).toBe(false);

    const silent = new MemoryStore();
    silent.set('version', 1);
    silent.set('sound', false);
    const b = make(silent).get();
    expect(b.sound).toBe(false);
    expect(decideDelivery(b, { ...at, priority: 5, localMinutes: 12 * 60 })).toEqual({ toast: true, sound: 'none', badge: true });
    // Running the migration again (a crash before the version was written) changes nothing.
    silent.set('version', 1);
    expect(make(silent).get()).toEqual(b);
  });

  it('a snooze is kept across a restart and is over by itself at its time', () => {
    const store = new MemoryStore();
    let now = NOW;
    make(store, () => now).update({ snooze: { all: { until: NOW + 3_600_000 }, sources: { ops: { until: null } } } });
    now += 30 * 60_000;
    const reopened = make(store, () => now).get();
    expect(reopened.snooze).toEqual({ all: { until: NOW + 3_600_000 }, sources: { ops: { until: null } } });
    const at = { priority: 4 as const, paused: false, localMinutes: 12 * 60 };
    expect(decideDelivery(reopened, { ...at, sourceId: 'blog', nowMs: now }).toast).toBe(false);
    now = NOW + 3_600_000;
    expect(decideDelivery(reopened, { ...at, sourceId: 'blog', nowMs: now }).toast).toBe(true);
    expect(decideDelivery(reopened, { ...at, sourceId: 'ops', nowMs: now }).toast).toBe(false);
  });

  it('saves per-source profiles and quiet hours; refuses malformed or hostile ones', () => {
    const s = make();
    const own = defaultProfile().map((r) => ({ ...r, toast: true }));
    const q = { enabled: true, start: '09:00', end: '17:00', allowUrgent: false };
    expect(s.update({ sourceNotifications: { ops: { profile: own, quietHours: q } } }).sourceNotifications).toEqual({ ops: { profile: own, quietHours: q } });
    const bad: unknown[] = [
      { profile: defaultProfile().slice(0, 4) },
      { profile: defaultProfile().map((r) => ({ ...r, sound: 'siren' })) },
      { profile: 'loud' },
      { sourceNotifications: { '../x': {} } },
      { sourceNotifications: { ops: { quietHours: { enabled: true, start: '25:00', end: '07:00', allowUrgent: true } } } },
      { sourceNotifications: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`s${i}`, {}])) },
      { snooze: { all: { until: 'tomorrow' } } },
      { snooze: { all: { until: NOW + 400 * 86_400_000 } } },
      { snooze: { sources: { 'a b': { until: null } } } },
    ];
    for (const patch of bad) expect(() => s.update(patch), JSON.stringify(patch).slice(0, 80)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    // A snooze already over is dropped rather than kept in the file.
    expect(s.update({ snooze: { all: { until: NOW - 1 }, sources: { ops: { until: NOW - 1 } } } }).snooze).toEqual({ sources: {} });
  });

  it('a hand-edited file with a broken profile falls back to the defaults instead of failing the start', () => {
    const store = new MemoryStore();
    store.set('version', 2);
    store.set('profile', [{ toast: 'yes' }]);
    store.set('snooze', { all: 'x' });
    const s = make(store).get();
    expect(s.profile).toEqual(defaultProfile());
    expect(s.snooze).toEqual({ sources: {} });
  });
});
