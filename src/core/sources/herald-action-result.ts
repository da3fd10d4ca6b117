/**
 * What a Herald server's answer to an action says about the item (`{ ok: true, result }`, docs/PROTOCOL.md "POST
 * /actions"): read here, where the answer is produced, with the rules events are read by — a comment is taken only
 * when well-formed and its text is cleaned as a `new_comment` event's would be; likes only as a count and a yes/no.
 * What does not fit is left out, so the inbox folds typed fields and never reads the server's JSON itself.
 */
import { isJsonObject } from '../../shared/json';
import type { ActionResult } from '../source';
import { commentOf } from '../validate-event';

export function parseActionResult(body: unknown): ActionResult {
  const result = isJsonObject(body) && 'result' in body ? body.result : body;
  if (!isJsonObject(result)) return {};
  const out: ActionResult = {};
  const { likes, liked } = result;
  if (typeof likes === 'number' && Number.isSafeInteger(likes) && likes >= 0) out.likes = likes;
  if (typeof liked === 'boolean') out.liked = liked;
  const comment = result.comment === undefined ? null : commentOf(result.comment);
  if (comment) out.comment = comment;
  return out;
}
