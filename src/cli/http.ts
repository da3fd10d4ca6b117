import { protocolErrorText } from '../shared/protocol-error';

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
  return `${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}
