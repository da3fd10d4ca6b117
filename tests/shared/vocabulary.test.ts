import { TRANSPORT_PREFERENCES, isTransportPreference } from '../../src/shared/connection-state';
import { LANGUAGES, isLanguage } from '../../src/shared/language';
import { DEFAULT_SETTINGS, SOUND_CHOICES, SOURCE_KINDS, isHhMm, isSourceKind } from '../../src/shared/settings';
import { SETTING_FIELDS } from '../../src/main/settings/fields';
import { validateSettingsPatch, validateSourceInput } from '../../src/main/settings/validate';
import { sourceFromFlags } from '../../src/cli/source-flags';

// Each closed vocabulary is written once (src/shared); the settings rulebook, the validators and the CLI read it from there.
describe('closed vocabularies', () => {
  it('the settings rulebook (src/main/settings/fields.ts) accepts every member of the shared lists, and nothing else', () => {
    const profileWith = (sound: unknown) => DEFAULT_SETTINGS.profile.map((r) => ({ ...r, sound }));
    for (const sound of SOUND_CHOICES) expect(SETTING_FIELDS.profile.check(profileWith(sound), 0)[0]?.sound).toBe(sound);
    for (const t of TRANSPORT_PREFERENCES) expect(SETTING_FIELDS.transport.check(t, 0)).toBe(t);
    for (const l of LANGUAGES) expect(SETTING_FIELDS.language.check(l, 0)).toBe(l);
    expect(() => SETTING_FIELDS.profile.check(profileWith('chime'), 0)).toThrow();
    expect(() => SETTING_FIELDS.transport.check('telegraph', 0)).toThrow();
    expect(() => SETTING_FIELDS.quietHours.check({ ...DEFAULT_SETTINGS.quietHours, start: '24:00' }, 0)).toThrow();
  });

  it('validators accept every member and nothing else', () => {
    for (const k of SOURCE_KINDS) expect(isSourceKind(k)).toBe(true);
    for (const t of TRANSPORT_PREFERENCES) expect(isTransportPreference(t)).toBe(true);
    for (const l of LANGUAGES) expect(isLanguage(l)).toBe(true);
    for (const bad of ['', 'HERALD', 'mqtt', 'websocket', 'zh', 1, null]) {
      expect(isSourceKind(bad)).toBe(false);
      expect(isTransportPreference(bad)).toBe(false);
      expect(isLanguage(bad)).toBe(false);
    }
    expect(['00:00', '23:59', '07:30'].every(isHhMm)).toBe(true);
    expect(['24:00', '7:30', '12:60', '12:00 ', 1200].some(isHhMm)).toBe(false);
  });

  it('the main-side checks name the shared members in their refusals', () => {
    expect(() => validateSourceInput({ kind: 'mqtt', url: 'http://127.0.0.1:1' })).toThrow(`source kind must be one of ${SOURCE_KINDS.join(', ')}`);
    expect(() => validateSettingsPatch({ transport: 'ws' }, DEFAULT_SETTINGS.quietHours)).toThrow(TRANSPORT_PREFERENCES.join(', '));
  });

  it('the CLI offers the same source kinds', () => {
    expect(() => sourceFromFlags({ source: 'mqtt', server: 'http://127.0.0.1:1' }, {})).toThrow(SOURCE_KINDS.join(', '));
  });
});
