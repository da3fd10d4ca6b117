/** When a body is too long to show whole in the detail: it is clamped there behind "Show more". */
export const LONG_BODY = { lines: 12, chars: 1200 } as const;

/** True past LONG_BODY's lines or characters; stops counting early, so a 5 000-line body costs little. */
export function isLongBody(body: string): boolean {
  if (body.length > LONG_BODY.chars) return true;
  let lines = 1;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) {
    if (++lines > LONG_BODY.lines) return true;
  }
  return false;
}
