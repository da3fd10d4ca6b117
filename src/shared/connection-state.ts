/** The connection state of one source, as the supervisor publishes it. */

/** The transports, best first: a closed vocabulary (types, validators, schema enums and CLI choices come from here). */
export const TRANSPORT_KINDS = ['sse', 'longpoll', 'poll'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];
/** What the settings and `--transport` accept: `auto` (the source's best first) or one transport. */
export const TRANSPORT_PREFERENCES = ['auto', ...TRANSPORT_KINDS] as const;
export type TransportPreference = (typeof TRANSPORT_PREFERENCES)[number];

export function isTransportPreference(v: unknown): v is TransportPreference {
  return typeof v === 'string' && (TRANSPORT_PREFERENCES as readonly string[]).includes(v);
}

export type ConnectionState =
  | { kind: 'connecting'; transport: TransportKind; attempt: number }
  | { kind: 'open'; transport: TransportKind; since: number }
  | { kind: 'backoff'; transport: TransportKind; attempt: number; retryAt: number; error: ErrorInfo }
  /** The machine or the OS says there is no network. */
  | { kind: 'offline' }
  /** Paused by the user, by sleep, or (polling) because the app is hidden. */
  | { kind: 'paused'; reason: 'user' | 'suspend' | 'hidden' }
  /** Gave up: needs the user (bad URL, auth refused, channel gone). */
  | { kind: 'failed'; error: ErrorInfo }
  | { kind: 'stopped' };

export type ConnectionStateKind = ConnectionState['kind'];

/** Error codes, a closed catalogue: the UI maps each to words (en + zh-CN) in one place. */
export const ERROR_CODES = [
  'network',
  'timeout',
  'http',
  'auth',
  'not_found',
  'gone',
  'server',
  'rate_limited',
  'bad_response',
  'stalled',
  'invalid_input',
  'outbox_full',
  'store_corrupt',
  /** Saved data a newer Herald wrote: read, never written over, nothing added to it. */
  'store_newer',
  /** A saved setting the rules refuse (a typo, a newer Herald's value) reads as its default; the value is kept. */
  'setting_reset',
  /** A saved source the rules refuse (or one past the limit) is not used; it is kept in the settings file. */
  'source_set_aside',
  /** Secrets saved without OS encryption (no keyring). */
  'insecure_storage',
  'forbidden',
  /** A saved token or password belongs to another address (kind, scheme, host, port): enter it again. */
  'credentials_address_changed',
  /** The same kind of request is already running (one connection test at a time). */
  'busy',
  /** A sender's request changed after the user confirmed it (another address, header or body): not sent, ask again. */
  'action_changed',
  /** Another Herald process (a `herald subscribe`) owns the app's data folder (src/core/stores/data-dir-lock.ts). */
  'data_dir_in_use',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The server refused who we are (401 `auth`, 403 `forbidden`): retrying the same credentials cannot help. */
export function isRefusedCredential(error: Pick<ErrorInfo, 'code'>): boolean {
  return error.code === 'auth' || error.code === 'forbidden';
}

export interface ErrorInfo {
  code: ErrorCode;
  /** Technical detail for logs and the "details" line; the UI's headline comes from the code. */
  message: string;
  status?: number;
  /**
   * Nothing listened on the server's port (connection refused): the server is restarting or away. Retrying soon
   * costs it nothing (the kernel answers), so the backoff stays short.
   */
  refused?: boolean;
  /** The server's Retry-After (429/503), ms: no retry before it. */
  retryAfterMs?: number;
  /**
   * A stream was held back between the server and us (a buffering proxy): the server answered, but its frames came
   * late in bursts, or never. This transport does not work on this path: `auto` steps down at once.
   */
  buffered?: boolean;
}

/** Worst-first ranking used to summarise several sources (the tray shows the worst). */
const SEVERITY: Record<ConnectionStateKind, number> = {
  failed: 6,
  offline: 5,
  backoff: 4,
  connecting: 3,
  paused: 2,
  stopped: 1,
  open: 0,
};

export function worstState(states: readonly ConnectionState[]): ConnectionState {
  let worst: ConnectionState = { kind: 'stopped' };
  let rank = -1;
  for (const s of states) {
    if (SEVERITY[s.kind] > rank) {
      worst = s;
      rank = SEVERITY[s.kind];
    }
  }
  return worst;
}
