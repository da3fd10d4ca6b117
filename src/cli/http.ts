import { protocolErrorText } from '../shared/protocol-error';
import { cutText, publisherText } from '../shared/publisher-text';

/** "422 invalid_action: comment needs a non-empty body" from a Herald error answer (or the status line). */
export async function describeHttpError(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the status line and the text
  }
  const reason = protocolErrorText(body);
  if (reason) return `${res.status} ${reason}`;
  // The server's own words, through the publisher-text boundary: no terminal escapes reach the user's terminal.
  const words = cutText(publisherText(text, 'detail'), 200);
  return `${res.status} ${publisherText(res.statusText, 'detail')}${words ? `: ${words}` : ''}`;
}

/**
 * The server's own reason, as a detail after our words: Herald's error code, ntfy's `error`, or its plain text (never
 * an HTML page: the status says as much), cleaned.
 */
export function serverReason(answer: unknown, text: string): string {
  const herald = protocolErrorText(answer);
  const ntfy = typeof answer === 'object' && answer !== null && typeof (answer as { error?: unknown }).error === 'string' ? (answer as { error: string }).error : '';
  const reason = cutText(publisherText(herald || ntfy || (answer === undefined ? text : ''), 'detail'), 200);
  return reason ? `: ${reason}` : '';
}
