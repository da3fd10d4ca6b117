
/** "422 invalid_action: comment needs a non-empty body" from a Herald error answer (or the status line). */
export async function describeHttpError(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error) return `${res.status} ${body.error.code ?? ''}: ${body.error.message ?? ''}`.trim();
  } catch {
    // not JSON: fall through
  }
  return `${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}
