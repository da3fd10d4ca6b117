/**
 * A Herald cursor as the client keeps it: the last event id qualified by the identity of the server that issued it,
 * `<id>@<serverId>` (docs/PROTOCOL.md "Server identity"). Ids only mean something on the server that made them: a
 * server restarted without its data starts again from 1, and a bare "3" would make the client skip the new
 * server's events 1–3. A bare id (saved before identities existed, or from a server that sends none) is accepted
 * and adopts the first identity seen.
 */
export interface HeraldPosition {
  /** The last event id seen ("0": from the beginning). */
  id: string;
  /** The server that issued it, when known. */
  serverId: string | null;
}

export function parseHeraldCursor(cursor: string | null): HeraldPosition | null {
  if (cursor === null || cursor === '') return null;
  const at = cursor.indexOf('@');
  if (at <= 0) return { id: cursor, serverId: null };
  return { id: cursor.slice(0, at), serverId: cursor.slice(at + 1) || null };
}

export function formatHeraldCursor(id: string, serverId: string | null): string {
  return serverId ? `${id}@${serverId}` : id;
}

/** The server's identity from an answer (`serverId` in hello, poll, history); null when it sends none. */
export function serverIdOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const id = (body as { serverId?: unknown }).serverId;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 && !id.includes('@') ? id : null;
}

/** The answer comes from another server than the one our cursor belongs to. */
export function isOtherServer(position: HeraldPosition | null, serverId: string | null): boolean {
  return position !== null && position.serverId !== null && serverId !== null && position.serverId !== serverId;
}
