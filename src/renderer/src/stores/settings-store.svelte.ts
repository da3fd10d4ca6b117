/**
 * The user's settings as main holds them, and the window's language derived from them: every change goes to main,
 * and the window shows the settings main answers with (or pushes on its own).
 */
import type { Rule } from '../../../shared/rules';
import type { RulesPreview } from '../../../shared/rules-preview';
import type { HeraldBridge, SourceTestResult } from '../../../shared/ipc-contract';
import type { Settings, SettingsPatch, SourceInput } from '../../../shared/settings';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { unwrap } from '../lib/bridge';
import type { Lang, Translate } from '../lib/i18n';
import { resolveLanguage, translator } from '../lib/i18n';

export class SettingsStore {
  readonly #bridge: HeraldBridge;
  #settings = $state.raw<Settings>(DEFAULT_SETTINGS);
  #systemLanguage = $state('en');
  #lang = $derived(resolveLanguage(this.#settings.language, this.#systemLanguage));
  #t = $derived(translator(this.#lang));

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
  }

  get settings(): Settings {
    return this.#settings;
  }
  get lang(): Lang {
    return this.#lang;
  }
  get t(): Translate {
    return this.#t;
  }

  /** Settings main sent (a snapshot or a change made elsewhere). */
  set(settings: Settings): void {
    this.#settings = settings;
  }

  setSystemLanguage(language: string): void {
    this.#systemLanguage = language;
  }

  /** The user allowed remote images from this source (Settings → Images); they still come through main. */
  imagesAllowed(sourceId: string): boolean {
    return this.#settings.imageSources.includes(sourceId);
  }

  /** A source's label as the user saved it. */
  labelOf(sourceId: string): string | undefined {
    return this.#settings.sources.find((x) => x.id === sourceId)?.label;
  }

  async update(patch: SettingsPatch): Promise<void> {
    this.#settings = unwrap(await this.#bridge.updateSettings(patch));
  }

  /** Save/remove take the new settings; errors are thrown for the form to show next to its fields. */
  async saveSource(source: SourceInput): Promise<void> {
    this.#settings = unwrap(await this.#bridge.saveSource(source));
  }

  async removeSource(sourceId: string): Promise<void> {
    this.#settings = unwrap(await this.#bridge.removeSource(sourceId));
  }

  /**
   * A Herald/Nchan source's end-to-end keys: main holds them; the window sends a pasted one, asks for a new one or
   * a copy on the clipboard, and sees only how many there are (SourceSettings.e2eKeyCount).
   */
  async addSourceKey(sourceId: string, key: string): Promise<void> {
    this.#settings = unwrap(await this.#bridge.addSourceKey(sourceId, key));
  }

  async generateSourceKey(sourceId: string): Promise<void> {
    this.#settings = unwrap(await this.#bridge.generateSourceKey(sourceId));
  }

  async removeSourceKey(sourceId: string, index: number): Promise<void> {
    this.#settings = unwrap(await this.#bridge.removeSourceKey(sourceId, index));
  }

  async copySourceKey(sourceId: string, index: number): Promise<void> {
    unwrap(await this.#bridge.copySourceKey(sourceId, index));
  }

  /** Run rules as edited (not saved) over the newest items, in main with the core's evaluation. */
  async previewRules(rules: Rule[]): Promise<RulesPreview> {
    return unwrap(await this.#bridge.previewRules(rules));
  }

  /** Try a source without saving it; a failure of the request itself is thrown for the form. */
  async testSource(source: SourceInput): Promise<SourceTestResult> {
    return unwrap(await this.#bridge.testSource(source));
  }
}
