/**
 * The client's side of user actions: what `act()` does with each (queued in the outbox; kept here for items the
 * server does not know or takes no actions on; refused when nothing can be done), and how the outbox sends an entry
 * (through its source, or — a sender's http action — resolved again from what the server sent, and run by Herald).
 * The inbox shows pending entries at once and applies the server's acknowledgements.
 */
import type { Action } from '../shared/actions';
import type { ErrorInfo } from '../shared/connection-state';
import type { OutboxEntry } from '../shared/outbox';
import type { Clock } from './clock';
import { DisposableStore, type Disposable } from './emitter';
import type { Inbox } from './inbox';
import type { Logger } from './log';
import { Outbox } from './outbox/outbox';
import type { OutboxMailbox } from './outbox/outbox-mailbox';
import { runSenderHttp, senderHttpRequest } from './sender-actions';
import type { Source } from './source';
import type { KeyValueStore } from './store';

export interface ClientActionsOptions {
  store: KeyValueStore;
  mailbox?: OutboxMailbox;
  inbox: Inbox;
  clock: Clock;
  random: () => number;
  fetch: typeof fetch;
  logger: Logger;
  /** The running source with this id, if any. */
  sourceOf(id: string): Source | undefined;
  isConfigured(id: string): boolean;
}

export class ClientActions implements Disposable {
  readonly outbox: Outbox;
  readonly #o: ClientActionsOptions;
  readonly #disposables = new DisposableStore();

  constructor(options: ClientActionsOptions) {
    this.#o = options;
    const { inbox } = options;
    this.outbox = new Outbox({
      store: options.store,
      ...(options.mailbox ? { mailbox: options.mailbox } : {}),
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      send: async (entry, signal) => {
        const source = options.sourceOf(entry.sourceId);
        if (!source) {
          return { ok: false, status: 0, body: { error: { code: 'not_found', message: `no source "${entry.sourceId}" is configured` } } };
        }
        if (entry.action.type === 'run_action') {
          // Resolved again from what the server sent: the outbox holds only the index.
          const resolved = senderHttpRequest(inbox.get(`${entry.sourceId}/${entry.action.itemId}`), entry.action.index);
          if (!resolved.ok) return { ok: false, status: 410, body: { error: { code: 'gone', message: resolved.reason } } };
          return runSenderHttp(resolved.request, { fetch: options.fetch, clock: options.clock }, signal);
        }
        return source.sendAction(entry.action, entry.key, signal);
      },
    });
    this.#disposables.add(this.outbox.onDidAcknowledge(({ entry, result }) => inbox.acknowledge(entry, result)));
    this.#disposables.add(this.outbox.onDidChange(() => inbox.setPending(this.outbox.entries())));
    inbox.setPending(this.outbox.entries());
  }

  act(sourceId: string, action: Action): OutboxEntry {
    const { inbox, clock } = this.#o;
    if (!this.#o.isConfigured(sourceId)) {
      throw Object.assign(new Error(`no source "${sourceId}" is configured`), { code: 'not_found' satisfies ErrorInfo['code'] });
    }
    // Herald's own notices, and every item of a server that takes no actions (Nchan, ntfy): reading is kept here
    // (nothing is queued that the server would refuse, again and again), and there is nothing else to do to them.
    if (action.type === 'run_action') {
      const resolved = senderHttpRequest(inbox.get(`${sourceId}/${action.itemId}`), action.index);
      if (!resolved.ok) throw Object.assign(new Error(resolved.reason), { code: 'invalid_input' satisfies ErrorInfo['code'] });
      return this.outbox.enqueue(sourceId, action);
    }
    const actionless = this.#o.sourceOf(sourceId)?.actionless === true;
    const local = action.type !== 'mark_all_read' && inbox.get(`${sourceId}/${action.itemId}`)?.local === true;
    if (actionless || local) {
      if (action.type === 'mark_read') inbox.markReadHere(`${sourceId}/${action.itemId}`);
      // Applied at once, to what is shown now (ntfy and Nchan ids have no order to compare `upTo` with).
      else if (action.type === 'mark_all_read') inbox.markAllReadHere(sourceId);
      else {
        const what = local ? 'this notice comes from Herald, not from the server' : 'this server takes no likes or comments';
        throw Object.assign(new Error(what), { code: 'invalid_input' satisfies ErrorInfo['code'] });
      }
      return { key: `local:${sourceId}/${action.type}`, sourceId, action, createdAt: clock.now(), state: { kind: 'pending', attempts: 0 } };
    }
    return this.outbox.enqueue(sourceId, action);
  }

  dispose(): void {
    this.outbox.dispose();
    this.#disposables.dispose();
  }
}
