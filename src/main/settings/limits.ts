import { SOURCE_ID_MAX_CHARS } from '../../shared/source-id';

/**
 * Every size limit of the settings, in one table: the validators (what the page may save, what is read back from
 * disk) take their numbers from here and nowhere else, so no two places can disagree about how many sources fit.
 */
export const SETTINGS_LIMITS = {
  /** Sources a user can configure; more on disk (a hand edit, a newer Herald) are set aside in the file. */
  sources: 20,
  /** Channels (ntfy topics, Nchan channels) per source. */
  channelsPerSource: 50,
  channelNameLength: 100,
  sourceIdLength: SOURCE_ID_MAX_CHARS,
  labelLength: 100,
  usernameLength: 200,
  /** Browsers and servers commonly stop near 2 KB; a longer server address is a mistake or an attack. */
  urlLength: 2048,
  /** Other addresses of one Herald server (`fallbackUrls`): a handful of nodes, not a directory of them. */
  fallbackUrlsPerSource: 10,
  /** A token or password as typed. */
  secretLength: 4096,
  /** End-to-end keys per source: the one that publishes and older ones still read (rotation). */
  e2eKeysPerSource: 10,
  /** A token or password as the OS keychain sealed it (base64 of the cipher's output, which adds its own header). */
  sealedSecretLength: 16_384,
  /**
   * Entries keyed by source id (per-source notification rules, snoozes, image permissions). Larger than `sources`
   * on purpose: such entries outlive a removed source, and a page refusing to save them would be worse than a few
   * stale ids.
   */
  perSourceEntries: 100,
  globalShortcutLength: 100,
  /** A snooze longer than a year is a mistake (use "until turned back on"). */
  snoozeMs: 366 * 24 * 3_600_000,
} as const;

/** The one source id rule (src/shared/source-id.ts: herald:// links check it too). */
export { SOURCE_ID } from '../../shared/source-id';
