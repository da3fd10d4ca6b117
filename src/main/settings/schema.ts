/**
 * The settings file's JSON schema (electron-store's `schema` option: one entry per top-level key). Every key is
 * optional so a v0 file (serverUrl/token) still opens and can be migrated; SettingsService fills defaults.
 *
 * The closed vocabularies (source kinds, transports, languages, HH:MM) come from src/shared, as the validators do.
 */
import { TRANSPORT_PREFERENCES } from '../../shared/connection-state';
import { LANGUAGES } from '../../shared/language';
import { HH_MM_PATTERN, SOURCE_KINDS } from '../../shared/settings';

const secret = {
  type: 'object',
  required: ['enc', 'data'],
  properties: { enc: { enum: ['os', 'plain'] }, data: { type: 'string' }, for: { type: 'string' } },
} as const;

const quietHours = {
  type: 'object',
  required: ['enabled', 'start', 'end', 'allowUrgent'],
  properties: {
    enabled: { type: 'boolean' },
    start: { type: 'string', pattern: HH_MM_PATTERN },
    end: { type: 'string', pattern: HH_MM_PATTERN },
    allowUrgent: { type: 'boolean' },
  },
} as const;

const profile = {
  type: 'array',
  minItems: 5,
  maxItems: 5,
  items: {
    type: 'object',
    required: ['toast', 'sound', 'badge', 'breakThrough'],
    properties: { toast: { type: 'boolean' }, sound: { enum: ['none', 'default', 'urgent'] }, badge: { type: 'boolean' }, breakThrough: { type: 'boolean' } },
  },
} as const;

const snoozeEntry = { type: 'object', required: ['until'], properties: { until: { type: ['number', 'null'] } } } as const;

export const SETTINGS_SCHEMA = {
  version: { type: 'integer', minimum: 0 },
  sources: {
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      required: ['id', 'kind', 'url'],
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64 },
        kind: { enum: SOURCE_KINDS },
        url: { type: 'string' },
        label: { type: 'string' },
        channels: { type: 'array', items: { type: 'string' } },
        username: { type: 'string' },
        token: secret,
        password: secret,
      },
    },
  },
  transport: { enum: TRANSPORT_PREFERENCES },
  quietHours,
  sound: { type: 'boolean' },
  startAtLogin: { type: 'boolean' },
  startHidden: { type: 'boolean' },
  language: { enum: LANGUAGES },
  // v2: notification profiles, per-source rules, snoozes.
  profile,
  sourceNotifications: {
    type: 'object',
    maxProperties: 100,
    additionalProperties: { type: 'object', properties: { profile, quietHours } },
  },
  snooze: {
    type: 'object',
    properties: { all: snoozeEntry, sources: { type: 'object', maxProperties: 100, additionalProperties: snoozeEntry } },
  },
  globalShortcut: { type: 'string', maxLength: 100 },
  imageSources: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } },
  // v0, read once by the migration.
  serverUrl: { type: 'string' },
  token: { type: 'string' },
} as const;
