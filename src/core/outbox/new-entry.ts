/**
 * What `enqueue` checks before an action may wait in the outbox: a source id, a valid action, a writable file, room
 * in the queue, a fresh idempotency key and a bounded size. Each refusal is an OutboxError with a code from the
 * shared catalogue (the window words it).
 */
import { validateAction, type Action } from '../../shared/actions';
import type { OutboxEntry } from '../../shared/outbox';
import { CodedError } from '../base/coded-error';
import { isKey } from './outbox-schema';
import { freezeEntry } from './outbox-entries';

/** A refused enqueue (or a discard of an entry being sent), with a code from the shared catalogue. */
export class OutboxError extends CodedError {
  /** The file system's refusal (EROFS, ENOSPC, EEXIST…) when the action could not be written down. */
  readonly errno: string | undefined;

  constructor(code: ConstructorParameters<typeof CodedError>[0], message: string, errno?: string) {
    super(code, message);
    this.errno = errno;
  }
}

export interface NewEntryContext {
  /** The file was written by a newer Herald: nothing may be added. */
  readOnly: boolean;
  count: number;
  maxEntries: number;
  maxEntryBytes: number;
  newKey: () => string;
  exists: (key: string) => boolean;
  now: number;
}

/** The frozen entry for `action`, waiting for its first attempt; throws OutboxError when it cannot be queued. */
export function newEntry(sourceId: string, action: Action, ctx: NewEntryContext): OutboxEntry {
  if (typeof sourceId !== 'string' || sourceId.length === 0 || sourceId.length > 200) {
    throw new OutboxError('invalid_input', 'an action needs the id of the source it is for');
  }
  const checked = validateAction(action);
  if (!checked.ok) throw new OutboxError('invalid_input', `the action was refused: ${checked.message}`);
  if (ctx.readOnly) {
    throw new OutboxError('store_newer', 'the outbox file was written by a newer version of Herald; update Herald to queue new actions');
  }
  if (ctx.count >= ctx.maxEntries) {
    throw new OutboxError(
      'outbox_full',
      `${ctx.count} actions are already waiting (the limit is ${ctx.maxEntries}); reconnect, or discard failed ones, before adding more`,
    );
  }
  const key = ctx.newKey();
  if (!isKey(key) || ctx.exists(key)) throw new OutboxError('internal', 'could not make a unique idempotency key');
  const entry = freezeEntry({ key, sourceId, action: checked.action, createdAt: ctx.now, state: { kind: 'pending', attempts: 0 } });
  const bytes = Buffer.byteLength(JSON.stringify(entry), 'utf8');
  if (bytes > ctx.maxEntryBytes) {
    throw new OutboxError('invalid_input', `the action is too large to queue (${bytes} bytes; the limit is ${ctx.maxEntryBytes})`);
  }
  return entry;
}
