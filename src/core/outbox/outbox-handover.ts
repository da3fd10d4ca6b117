/**
 * The owner's side of ./outbox-mailbox.ts: adopt every letter into the outbox (on disk first), then delete it. A
 * letter that cannot be adopted now (the store cannot write) stays for the next look; one that cannot be read is set
 * aside and reported.
 */
import type { Notice } from '../../shared/ipc-contract';
import type { OutboxEntry } from '../../shared/outbox';
import type { Disposable } from '../base/emitter';
import type { Logger } from '../base/log';
import type { OutboxMailbox } from './outbox-mailbox';

export function startHandover(mailbox: OutboxMailbox, outbox: { adopt(entry: OutboxEntry): boolean }, logger: Logger, report: (n: Notice) => void): Disposable {
  const drain = (): void => {
    const { letters, damaged } = mailbox.read();
    for (const letter of letters) {
      try {
        outbox.adopt(letter.entry);
      } catch (err) {
        logger.error('could not adopt an action queued by another process; will try again', { error: err instanceof Error ? err.message : String(err) });
        return;
      }
      mailbox.remove(letter.name);
    }
    for (const name of damaged) {
      const kept = mailbox.setAside(name);
      logger.warn('an action queued by another process could not be read; kept aside', { name, kept });
      report({ code: 'store_corrupt', message: 'An action queued by another Herald process could not be read and was set aside.', ...(kept ? { path: kept } : {}) });
    }
  };
  drain();
  return mailbox.watch(drain);
}
