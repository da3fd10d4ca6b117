/**
 * The protocol's error answer, `{ "error": { "code": "…", "message": "…" } }` (PROTOCOL.md), read from any parsed
 * body: the fields that are strings, or undefined when the body is not one. Text from a server: normalised at the
 * publisher-text boundary (no terminal escapes or broken characters reach a log, the CLI or the window), bounded.
 */
import { isJsonObject } from './json';
import { cutText, publisherText } from './publisher-text';

export function protocolErrorOf(body: unknown): { code?: string; message?: string } | undefined {
  if (!isJsonObject(body) || !isJsonObject(body.error)) return undefined;
  const { code, message } = body.error;
  return {
    ...(typeof code === 'string' ? { code: publisherText(code, 'detail') } : {}),
    ...(typeof message === 'string' ? { message: publisherText(message, 'detail') } : {}),
  };
}

/** The error answer as "code: message" (either alone when the other is missing), at most `max` characters. */
export function protocolErrorText(body: unknown, max = 500): string | undefined {
  const error = protocolErrorOf(body);
  const parts = [error?.code ?? '', error?.message ?? ''].filter((p) => p !== '');
  return parts.length > 0 ? cutText(parts.join(': '), max) : undefined;
}
