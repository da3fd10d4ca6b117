/**
 * Settings export and import, as the window sees them: a file that carries every setting and source but no secret
 * (a token or password is entered again on the new machine), checked by the settings file's own rulebook, and a
 * preview of what an import would change before anything is applied.
 */

/** What names an export file: another program's JSON is refused by this, not by a field it happens to lack. */
export const SETTINGS_EXPORT_FORMAT = 'herald-settings' as const;
/** The export layout this code writes and reads; a newer one is refused whole (never half-read). */
export const SETTINGS_EXPORT_VERSION = 1;
/** An export of 20 sources with every filter fits in a few KiB; a bigger file is not one of ours. */
export const SETTINGS_EXPORT_MAX_BYTES = 1024 * 1024;

/** What one import would change, in the order the preview lists it. */
export type ImportChange =
  | { kind: 'setting'; field: string }
  | { kind: 'source-added'; label: string }
  | { kind: 'source-changed'; label: string }
  | { kind: 'source-removed'; label: string }
  /** A source that needs its token or password typed again, or its end-to-end keys added again, after the import. */
  | { kind: 'secret-needed'; label: string; secret: ImportedSecret };

/** The secrets an export never carries: it says only that a source had them. */
export type ImportedSecret = 'token' | 'password' | 'keys';

/** Why a file cannot be imported. Words for each are in the window's tables; `field` names the part refused. */
export const IMPORT_REFUSALS = ['too_big', 'not_json', 'not_herald', 'newer_version', 'invalid_field', 'unreadable'] as const;
export type ImportRefusalReason = (typeof IMPORT_REFUSALS)[number];

export type ImportPreview =
  | { kind: 'cancelled' }
  | { kind: 'refused'; reason: ImportRefusalReason; field?: string }
  /** `changes` is empty when the file says what this machine already has. */
  | { kind: 'ready'; changes: ImportChange[] };

export interface ExportResult {
  saved: boolean;
}
