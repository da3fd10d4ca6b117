import { ManualClock } from '../../helpers/manual-clock';
import { createNotificationPolicy, decideDelivery, type ProfileSettings, type Toast } from '../../../src/main/notifications/policy';
import type { Priority } from '../../../src/shared/events';
import { DEFAULT_SETTINGS, defaultProfile, snoozeUntil, type QuietHours } from '../../../src/shared/settings';
import { notificationEvent } from './notification-event';

const NOW = 1_700_000_000_000;
const NOON = 12 * 60;
const NIGHT = 23 * 60;
const QUIET_ON: QuietHours = { enabled: true, start: '22:00', end: '07:00', allowUrgent: true };

type Quiet = 'none' | 'global' | 'source' | 'other-source';
type Snooze = 'none' | 'all' | 'source' | 'other-source' | 'expired' | 'forever';

function settingsFor(quiet: Quiet, snooze: Snooze, allowUrgent: boolean, sound = true): ProfileSettings {
  const s: ProfileSettings = {
    quietHours: { ...QUIET_ON, enabled: quiet === 'global', allowUrgent },
    sound,
    profile: defaultProfile(),
    sourceNotifications: {},
    snooze: { sources: {} },
  };
  if (quiet === 'source' || quiet === 'other-source') s.sourceNotifications[quiet === 'source' ? 'ops' : 'blog'] = { quietHours: QUIET_ON };
  if (snooze === 'all') s.snooze.all = { until: NOW + 3_600_000 };
  if (snooze === 'forever') s.snooze.all = { until: null };
  if (snooze === 'expired') s.snooze.all = { until: NOW - 1 };
  if (snooze === 'source') s.snooze.sources.ops = { until: NOW + 60_000 };
  if (snooze === 'other-source') s.snooze.sources.blog = { until: null };
  return s;
}

describe('profile rules (every priority × quiet hours × snooze × break-through)', () => {
  const priorities: Priority[] = [1, 2, 3, 4, 5];
  const quiets: Quiet[] = ['none', 'global', 'source', 'other-source'];
  const snoozes: Snooze[] = ['none', 'all', 'source', 'other-source', 'expired', 'forever'];
  for (const priority of priorities)
    for (const quiet of quiets)
      for (const snooze of snoozes)
        for (const allowUrgent of [true, false]) {
          const heldBack = quiet === 'global' || quiet === 'source' || snooze === 'all' || snooze === 'source' || snooze === 'forever';
          // The defaults: 1–2 list only, 3 toast, 4 toast + sound, 5 toast + urgent sound + breaks through.
          const wantsToast = priority >= 3;
          const toast = wantsToast && (!heldBack || (priority === 5 && allowUrgent));
          const sound = !toast ? 'none' : priority === 5 ? 'urgent' : priority === 4 ? 'default' : 'none';
          it(`p${priority}, quiet ${quiet}, snooze ${snooze}, allowUrgent ${allowUrgent} → toast ${toast}, sound ${sound}`, () => {
            const s = settingsFor(quiet, snooze, allowUrgent);
            const d = decideDelivery(s, { sourceId: 'ops', priority, paused: false, nowMs: NOW, localMinutes: NIGHT });
            expect(d).toEqual({ toast, sound, badge: true });
            // Outside the quiet window, quiet hours hold nothing back.
            const day = decideDelivery(s, { sourceId: 'ops', priority, paused: false, nowMs: NOW, localMinutes: NOON });
            const heldByDay = snooze === 'all' || snooze === 'source' || snooze === 'forever';
            expect(day.toast).toBe(wantsToast && (!heldByDay || (priority === 5 && allowUrgent)));
          });
        }

  it('pause holds back like a snooze; the sound master switch silences every rule', () => {
    const s = settingsFor('none', 'none', true, false);
    expect(decideDelivery(s, { sourceId: 'ops', priority: 4, paused: true, nowMs: NOW, localMinutes: NOON }).toast).toBe(false);
    expect(decideDelivery(s, { sourceId: 'ops', priority: 5, paused: true, nowMs: NOW, localMinutes: NOON })).toEqual({ toast: true, sound: 'none', badge: true });
  });

  it('a source’s own profile replaces the global one for that source only', () => {
    const s = settingsFor('none', 'none', true);
    const own = defaultProfile();
    own[0] = { toast: true, sound: 'urgent', badge: false, breakThrough: false };
    own[4] = { toast: false, sound: 'none', badge: false, breakThrough: false };
    s.sourceNotifications.ops = { profile: own };
    const at = { paused: false, nowMs: NOW, localMinutes: NOON };
    expect(decideDelivery(s, { ...at, sourceId: 'ops', priority: 1 })).toEqual({ toast: true, sound: 'urgent', badge: false });
    expect(decideDelivery(s, { ...at, sourceId: 'ops', priority: 5 })).toEqual({ toast: false, sound: 'none', badge: false });
    expect(decideDelivery(s, { ...at, sourceId: 'blog', priority: 1 })).toEqual({ toast: false, sound: 'none', badge: true });
  });

  it('a rule that does not break through stays quiet even with allowUrgent on', () => {
    const s = settingsFor('global', 'none', true);
    s.profile = s.profile.map((r) => ({ ...r, breakThrough: false }));
    expect(decideDelivery(s, { sourceId: 'ops', priority: 5, paused: false, nowMs: NOW, localMinutes: NIGHT }).toast).toBe(false);
    s.profile[2] = { ...s.profile[2]!, breakThrough: true };
    expect(decideDelivery(s, { sourceId: 'ops', priority: 3, paused: false, nowMs: NOW, localMinutes: NIGHT }).toast).toBe(true);
  });
});

describe('snooze in the policy', () => {
  it('a snooze ends by itself when its time passes (fake clock)', () => {
    const clock = new ManualClock(NOW);
    const toasts: Toast[] = [];
    const settings = { ...DEFAULT_SETTINGS, snooze: { all: { until: snoozeUntil('hour', NOW) }, sources: {} } };
    const policy = createNotificationPolicy({
      clock,
      quietHours: () => settings.quietHours,
      profiles: () => settings,
      paused: () => false,
      language: () => 'en',
      localMinutes: () => NOON,
      show: (t) => toasts.push(t),
    });
    policy.onEvents({ sourceId: 'ops', events: [notificationEvent(1, { priority: 4 })], catchUp: false });
    policy.onCatchUp({ sourceId: 'ops', count: 3 });
    expect(toasts).toHaveLength(0);
    clock.advance(3_600_000);
    policy.onEvents({ sourceId: 'ops', events: [notificationEvent(2, { priority: 4 })], catchUp: false });
    expect(toasts).toMatchObject([{ kind: 'item', title: 'Title 2', sound: 'default' }]);
  });

  it('"until tomorrow morning" ends at the next 08:00 local time', () => {
    const evening = new Date(2026, 2, 10, 21, 30).getTime();
    expect(new Date(snoozeUntil('morning', evening)!)).toEqual(new Date(2026, 2, 11, 8, 0));
    const night = new Date(2026, 2, 11, 1, 15).getTime();
    expect(new Date(snoozeUntil('morning', night)!)).toEqual(new Date(2026, 2, 11, 8, 0));
    expect(snoozeUntil('off-only', evening)).toBeNull();
    expect(snoozeUntil('hour', evening)).toBe(evening + 3_600_000);
  });
});
