/**
 * Digests (issue 25): items a rule or a source's setting says to collect for N minutes are held here and, when the
 * time is up, handed on as one digest ("12 new in ci-builds", the newest title). Only the notification waits: the
 * items are in the list from the start. The pending digests are written to a store on every change, so a restart
 * in the middle keeps what was collected and its deadline (a deadline passed while Herald was off is due at once).
 * Time comes from the injected Clock; the deadline is wall-clock time, checked at least once a minute.
 */
import { OnceTimer, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/log';
import type { KeyValueStore } from '../store';
import type { SealedState } from '../../shared/events';
import { isJsonObject } from '../../shared/json';
import { RULE_LIMITS } from '../../shared/rules-check';

export type DigestOwner = { kind: 'source' | 'rule'; id: string };

export interface PendingDigest {
  owner: DigestOwner;
  /** When it is due (ms): set by its first item, not moved by later ones (only by a clock set back: see `minutes`). */
  dueAt: number;
  /**
   * Its length. A wall clock set back would otherwise push the digest as far into the future as the clock went back;
   * it is never due later than this long from now. Absent in digests saved before it was kept: the longest allowed.
   */
  minutes?: number;
  /** Items collected (all of them, also those past the keys kept). */
  count: number;
  /** The newest items' keys, newest last (at most MAX_KEYS_KEPT): what a click on the digest shows. */
  itemKeys: string[];
  newestTitle: string;
  /** The newest item is encrypted and not opened (its title is empty): the display says so in its reader's words. */
  newestSealed?: SealedState;
  /** The source of the newest item (what pause, snooze and quiet hours are checked against when it is due). */
  sourceId: string;
}

/** Where pending digests are kept in the state store. */
export const DIGESTS_KEY = 'pendingDigests';
export const MAX_KEYS_KEPT = 500;
const MAX_DIGESTS = 400;
const MAX_TITLE = 1000;

/**
 * The longest a digest timer waits before looking at the clock again. Timers do not count a computer's sleep (VS
 * Code's lesson, clock.ts): a digest due during a sleep is shown within this long after waking.
 */
export const DIGEST_CHECK_MS = 60_000;

/**
 * Collected items are written at most this often (like the inbox cache beside them): each write rewrites the state
 * file whole and waits for the disk, and a publisher's flood must not cost one per message. The first change after a
 * quiet spell is written at once. A crash (not a stop, which writes what is left) can lose this much of a summary's
 * count, never an item: the items are in the list.
 */
export const DIGEST_SAVE_MS = 2_000;

const ownerKey = (o: DigestOwner): string => `${o.kind}:${o.id}`;

function isPendingDigest(v: unknown): v is PendingDigest {
  if (!isJsonObject(v) || !isJsonObject(v.owner)) return false;
  const { owner } = v;
  return (
    (owner.kind === 'source' || owner.kind === 'rule') &&
    typeof owner.id === 'string' &&
    typeof v.dueAt === 'number' &&
    Number.isFinite(v.dueAt) &&
    (v.minutes === undefined || (typeof v.minutes === 'number' && Number.isInteger(v.minutes) && v.minutes >= 1 && v.minutes <= RULE_LIMITS.digestMinutesMax)) &&
    typeof v.count === 'number' &&
    Number.isInteger(v.count) &&
    v.count > 0 &&
    Array.isArray(v.itemKeys) &&
    v.itemKeys.length <= MAX_KEYS_KEPT &&
    v.itemKeys.every((k) => typeof k === 'string') &&
    typeof v.newestTitle === 'string' &&
    (v.newestSealed === undefined || v.newestSealed === 'no_key' || v.newestSealed === 'undecryptable') &&
    typeof v.sourceId === 'string'
  );
}

export interface DigestCollectorDeps {
  clock: Clock;
  /** The app's state store or the CLI's; without one, digests live in memory only. */
  store?: KeyValueStore;
  /** A digest whose time is up (it is forgotten before this is called). */
  onDue(digest: PendingDigest): void;
  logger?: Logger;
}

export class DigestCollector {
  readonly #deps: DigestCollectorDeps;
  readonly #pending = new Map<string, PendingDigest>();
  readonly #timers = new Map<string, OnceTimer>();
  readonly #saveTimer: OnceTimer;
  #unsaved = false;
  #lastSaveAt = Number.NEGATIVE_INFINITY;
  #disposed = false;

  constructor(deps: DigestCollectorDeps) {
    this.#deps = deps;
    this.#saveTimer = new OnceTimer(deps.clock);
    let stored: unknown;
    try {
      stored = deps.store?.get<unknown>(DIGESTS_KEY);
    } catch (error) {
      // Too deep to copy (a file written by hand): no summary is owed that the list does not hold already.
      (deps.logger ?? silentLogger).warn('saved pending digests could not be read', { error });
    }
    // A damaged entry is dropped alone: the items it named are in the list anyway, only one summary is lost.
    const entries = Array.isArray(stored) ? stored.filter(isPendingDigest).slice(0, MAX_DIGESTS) : [];
    for (const d of entries) {
      this.#pending.set(ownerKey(d.owner), d);
      this.#schedule(d);
    }
  }

  /** Collect one item; returns when its digest is due. */
  add(owner: DigestOwner, minutes: number, item: { key: string; title: string; sourceId: string; sealed?: SealedState | undefined }): number {
    const key = ownerKey(owner);
    let d = this.#pending.get(key);
    if (d === undefined) {
      if (this.#pending.size >= MAX_DIGESTS) this.#flush(this.#pending.keys().next().value!);
      d = { owner, dueAt: this.#deps.clock.now() + minutes * 60_000, minutes, count: 0, itemKeys: [], newestTitle: '', sourceId: item.sourceId };
      this.#pending.set(key, d);
      this.#schedule(d);
    }
    d.count++;
    d.itemKeys = [...d.itemKeys.filter((k) => k !== item.key), item.key].slice(-MAX_KEYS_KEPT);
    d.newestTitle = item.title.slice(0, MAX_TITLE);
    if (item.sealed !== undefined) d.newestSealed = item.sealed;
    else delete d.newestSealed;
    d.sourceId = item.sourceId;
    this.#saveSoon();
    return d.dueAt;
  }

  pending(): PendingDigest[] {
    return [...this.#pending.values()].map((d) => structuredClone(d));
  }

  dispose(): void {
    if (this.#unsaved) this.#save();
    this.#disposed = true;
    this.#saveTimer.dispose();
    for (const t of this.#timers.values()) t.dispose();
    this.#timers.clear();
  }

  #schedule(d: PendingDigest): void {
    if (this.#disposed) return;
    const key = ownerKey(d.owner);
    let timer = this.#timers.get(key);
    if (timer === undefined) {
      timer = new OnceTimer(this.#deps.clock);
      this.#timers.set(key, timer);
    }
    const now = this.#deps.clock.now();
    const lengthMs = (d.minutes ?? RULE_LIMITS.digestMinutesMax) * 60_000;
    if (d.dueAt - now > lengthMs) {
      // The clock went back (by hand, or a wrong time corrected): wait the digest's length from now, not the jump too.
      d.dueAt = now + lengthMs;
      this.#saveSoon();
    }
    const left = d.dueAt - now;
    // `!(left > 0)`, not `left <= 0`: a deadline that is not a number is due now, never a timer that spins on NaN.
    if (!(left > 0)) {
      timer.schedule(0, () => this.#flush(key));
      return;
    }
    timer.schedule(Math.min(left, DIGEST_CHECK_MS), () => {
      const current = this.#pending.get(key);
      if (current !== undefined) this.#schedule(current);
    });
  }

  #flush(key: string): void {
    const d = this.#pending.get(key);
    this.#pending.delete(key);
    this.#timers.get(key)?.dispose();
    this.#timers.delete(key);
    this.#save();
    if (d !== undefined && !this.#disposed) this.#deps.onDue(d);
  }

  /** At once when the last write is DIGEST_SAVE_MS old, else once when it will be (however many changes come). */
  #saveSoon(): void {
    this.#unsaved = true;
    const wait = this.#lastSaveAt + DIGEST_SAVE_MS - this.#deps.clock.now();
    if (wait <= 0 || wait > DIGEST_SAVE_MS) this.#save();
    else this.#saveTimer.ensure(wait, () => this.#save());
  }

  /** Written at once when a digest is shown, so a restart right after does not show it again. */
  #save(): void {
    this.#saveTimer.cancel();
    this.#unsaved = false;
    this.#lastSaveAt = this.#deps.clock.now();
    try {
      this.#deps.store?.set(DIGESTS_KEY, [...this.#pending.values()]);
    } catch (error) {
      // Kept in memory still: only a restart before it is due would lose this summary (never the items).
      (this.#deps.logger ?? silentLogger).warn('pending digests could not be saved', { error });
    }
  }
}
