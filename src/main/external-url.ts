/**
 * Which URLs Herald hands to the OS browser. Checked in main (the trust boundary), never only in the renderer:
 * a compromised page must not be able to open `file:`, `javascript:` or custom-protocol handlers.
 */
import { isHttpUrl } from '../shared/url';
import { AppError, invalidInput } from './errors';

const MAX_URL_LENGTH = 4096;

/** The normalised URL if it may be opened externally; throws an `invalid_input` AppError otherwise. */
export function checkExternalUrl(input: unknown): string {
  if (typeof input !== 'string' || input.length === 0) throw invalidInput('the link must be a non-empty string');
  if (input.length > MAX_URL_LENGTH) throw invalidInput(`the link is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw invalidInput('the link is not a valid absolute URL');
  }
  if (!isHttpUrl(url)) throw invalidInput('only http and https links can be opened');
  // Credentials in a link are a phishing trick (https://bank.com@evil.example); refuse rather than guess.
  if (url.username !== '' || url.password !== '') throw invalidInput('links with a user name or password cannot be opened');
  return url.href;
}

/** The same check as a predicate, for places that only deny (window.open, navigation). */
export function isExternalUrlAllowed(input: unknown): boolean {
  try {
    checkExternalUrl(input);
    return true;
  } catch {
    return false;
  }
}

export interface ExternalOpenerDeps {
  /** shell.openExternal in the app. */
  open(url: string): Promise<void>;
  now?: () => number;
  /** At most `max` links per `windowMs` (a page opening links in a loop, with or without a click, is stopped). */
  max?: number;
  windowMs?: number;
}

export const OPEN_LIMIT = { max: 3, windowMs: 10_000 } as const;

/**
 * The one way Herald opens links: checked (http(s), no credentials) and rate-limited in main, whoever asks —
 * the "Open" button over IPC or window.open. Throws `invalid_input` or `rate_limited` AppErrors.
 */
export function createExternalOpener(deps: ExternalOpenerDeps): (url: unknown) => Promise<string> {
  const now = deps.now ?? Date.now;
  const max = deps.max ?? OPEN_LIMIT.max;
  const windowMs = deps.windowMs ?? OPEN_LIMIT.windowMs;
  let recent: number[] = [];
  return async (input) => {
    const href = checkExternalUrl(input);
    const t = now();
    recent = recent.filter((at) => t - at < windowMs);
    if (recent.length >= max) throw new AppError('rate_limited', `at most ${max} links can be opened every ${windowMs / 1000} s`);
    recent.push(t);
    await deps.open(href);
    return href;
  };
}
