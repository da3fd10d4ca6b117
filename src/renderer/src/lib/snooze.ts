/** The settings patch for snoozing everything ('') or one source, or for turning it back on (length null). */
import { snoozeUntil, type SettingsPatch, type SnoozeLength, type SnoozeState } from '../../../shared/settings';

export function snoozePatch(current: SnoozeState, target: string, length: SnoozeLength | null, nowMs: number): SettingsPatch {
  const entry = length === null ? undefined : { until: snoozeUntil(length, nowMs) };
  const next: SnoozeState = { ...current, sources: { ...current.sources } };
  if (target === '') {
    if (entry) next.all = entry;
    else delete next.all;
  } else if (entry) next.sources[target] = entry;
  else delete next.sources[target];
  return { snooze: next };
}
