/**
 * The client's side of user actions: what `act()` does with each (queued in the outbox; kept here for items the
 * server does not know or takes no actions on; refused when nothing can be done), and how the outbox sends an entry
 * (through its source, or — a sender's http action — resolved again from what the server sent, checked against the
 * digest of what the user confirmed, and run by Herald through the egress policy).
 * The inbox shows pending entries at once and applies the server's acknowledgements.
 */
import type { Action } from '../shared/actions';
import type { ErrorInfo } from '../shared/connection-state';
import type { OutboxEntry } from '../shared/outbox';
import type { Clock } from './base/clock';
import { DisposableStore, type Disposable } from './base/emitter';
import type { Inbox } from './inbox/inbox';
import type { Logger } from './base/log';
import type { Egress } from './egress/egress';
import { Outbox } from './outbox/outbox';
import { confirmationDigest, runSenderHttp, senderHttpRequest } from './sender-actions';
import type { ActionResponse, Source } from './source';
import type { OutboxMailbox } from './outbox/outbox-mailbox';
import type { KeyValueStore } from './store';
import { SourceError } from './transports/http';

export interface ClientActionsOptions {
  store: KeyValueStore;
  mailbox?: OutboxMailbox;
  inbox: Inbox;
  clock: Clock;
  random: () => number;
  /** The door for requests a publisher asked for (the sender's http actions). */
  egress: Egress;
  logger: Logger;
  /** The running source with this id, if any. */
  sourceOf(id: string): Source | undefined;
  /** The configured URL of the source with this id. */
  sourceAddress(id: string): string | undefined;
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
        if (entry.action.type === 'run_action') return this.#runSenderAction(entry.sourceId, entry.action, signal);
        if (!source.actions) throw new SourceError({ code: 'invalid_input', message: `source "${entry.sourceId}" takes no actions` }, false);
        return source.actions.send(entry.action, entry.key, signal);
      },
      // A sender's http action is run by Herald itself (through the egress policy), whatever the source takes; a
      // source not running yet is asked when it is (its entry waits like any other).
      takesActions: (sourceId, action) => {
        const source = options.sourceOf(sourceId);
        return action.type === 'run_action' || source === undefined || source.actions !== undefined;
      },
    });
    this.#disposables.add(this.outbox.onDidAcknowledge(({ entry, result }) => inbox.acknowledge(entry, result)));
    this.#disposables.add(this.outbox.onDidChange(() => inbox.setPending(this.outbox.entries())));
    inbox.setPending(this.outbox.entries());
  }

  /**
   * A sender's http action, resolved again from what the server sent (the outbox holds only the index and the
   * digest): sent only when it is still exactly the request the user confirmed. Anything else — the item evicted and
   * re-published pointing elsewhere, a header or body changed — fails with `action_changed`, and nothing is sent.
   */
  async #runSenderAction(sourceId: string, action: Extract<Action, { type: 'run_action' }>, signal: AbortSignal): Promise<ActionResponse> {
    const resolved = senderHttpRequest(this.#o.inbox.get(`${sourceId}/${action.itemId}`), action.index);
    if (!resolved.ok) return { ok: false, status: 410, body: { error: { code: 'gone', message: resolved.reason } } };
    if (action.confirmed === undefined || confirmationDigest(sourceId, action.itemId, resolved.request) !== action.confirmed) {
      this.#o.logger.warn('a sender’s request changed after it was confirmed: not sent', { sourceId });
      throw new SourceError({ code: 'action_changed', message: 'the request changed after it was confirmed; confirm it again' }, false);
    }
    const { egress, clock } = this.#o;
    // The logger redacts the sender's Authorization and other secret headers (src/shared/log-redact.ts).
    this.#o.logger.debug('sending a sender’s http action', { sourceId, method: resolved.request.method, url: resolved.request.url, headers: resolved.request.headers });
    return runSenderHttp(resolved.request, { egress, clock, sourceId, sourceAddress: this.#o.sourceAddress(sourceId) }, signal);
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
      // The confirmation is bound here, to the request as it stands now (what the window showed), whatever the window sent.
      const confirmed = confirmationDigest(sourceId, action.itemId, resolved.request);
      return this.outbox.enqueue(sourceId, { type: 'run_action', itemId: action.itemId, index: action.index, confirmed });
    }
    const source = this.#o.sourceOf(sourceId);
    const actionless = source !== undefined && !source.actions;
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
