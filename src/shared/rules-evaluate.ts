/**
 * Rule evaluation (issue 25), pure: the rules in order, first match wins unless that rule says `continue`; the
 * actions of every rule that matched are merged, a later one overriding an earlier one's choice (tags add up).
 * The app's notification policy and `herald subscribe --rules` both call this, so they decide alike.
 */
import type { EventType, HeraldEvent, Priority } from './events';
import type { InboxItem } from './inbox';
import type { MatchedRule, Rule, RuleActions, RuleMatch } from './rules';
import type { SourceKindName } from './settings';
import { compileText, foldKey, foldText, hasKey, matchesText, sameKey, type CompiledText } from './rules-text-match';

/** What rules look at in one item. */
export interface RuleItem {
  sourceId: string;
  type: Extract<EventType, 'notification' | 'system'>;
  title: string;
  body: string;
  tags: readonly string[];
  priority: Priority;
  /** The ntfy topic or Nchan channel; absent for a Herald source (its protocol has none). */
  channel?: string;
  hasSenderActions: boolean;
  /** Encrypted and not opened: title, body, tags and actions are not the publisher's, so content never matches. */
  sealed: boolean;
}

export interface RuleOutcome {
  actions: RuleActions;
  matched: MatchedRule[];
}

/**
 * The RuleItem of a notification or system message. The channel is read from the event id: ntfy's is
 * `<topic>:<message id>` (ntfy-message.ts; a topic has no `:`), Nchan's `<channel>:<seconds>:<tag>` (nchan-position.ts
 * `formatMessageId`, maybe `~<epoch>` after it; a notice `<channel>:closed:<ms>`), whose channel may hold `:` itself.
 * A notification that arrived encrypted carries `sealed` (issue 22); once opened, its fields are the decrypted ones.
 */
export function ruleItemOf(e: Extract<HeraldEvent, { type: 'notification' | 'system' }>, sourceId: string, kind?: SourceKindName): RuleItem {
  return itemOf(sourceId, e.type, e.id, e.data, kind);
}

/** The RuleItem of an item in the list (for what is judged again later, like the badge count). */
export function ruleItemOfInboxItem(item: InboxItem, kind?: SourceKindName): RuleItem {
  return itemOf(item.sourceId, item.kind, item.eventId, item, kind);
}

type Fields = { title: string; body: string; priority: Priority; tags?: unknown; actions?: unknown };

function itemOf(sourceId: string, type: RuleItem['type'], eventId: string, fields: Fields, kind: SourceKindName | undefined): RuleItem {
  const channel = channelOf(eventId, kind);
  const { tags, actions } = fields;
  return {
    sourceId,
    type,
    title: fields.title,
    body: fields.body,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    priority: fields.priority,
    ...(channel !== undefined ? { channel } : {}),
    hasSenderActions: Array.isArray(actions) && actions.length > 0,
    // `sealed` arrives with end-to-end encryption (issue 22): read without depending on its type.
    sealed: (fields as { sealed?: unknown }).sealed !== undefined,
  };
}

function channelOf(eventId: string, kind: SourceKindName | undefined): string | undefined {
  // Nchan: the message id after the channel holds exactly one `:`, so the channel ends at the last `:` but one.
  const end = kind === 'ntfy' ? eventId.indexOf(':') : kind === 'nchan' ? eventId.lastIndexOf(':', eventId.lastIndexOf(':') - 1) : -1;
  return end > 0 ? eventId.slice(0, end) : undefined;
}

interface CompiledRule {
  title?: CompiledText;
  body?: CompiledText;
  /** The tags asked for and the channel, folded. */
  tags?: string[];
  channel?: string;
}

// Folding a rule's words, pattern, tags and channel once, not once per item; keyed by the match object, so an edited
// rule (a new object) is compiled again.
const compiled = new WeakMap<RuleMatch, CompiledRule>();

function compile(m: RuleMatch): CompiledRule {
  let c = compiled.get(m);
  if (c === undefined) {
    c = {
      ...(m.title ? { title: compileText(m.title) } : {}),
      ...(m.body ? { body: compileText(m.body) } : {}),
      ...(m.tags ? { tags: m.tags.map(foldKey) } : {}),
      ...(m.channel !== undefined ? { channel: foldKey(m.channel) } : {}),
    };
    compiled.set(m, c);
  }
  return c;
}

function asksAboutContent(m: RuleMatch): boolean {
  return m.title !== undefined || m.body !== undefined || m.tags !== undefined || m.hasSenderActions !== undefined;
}

/**
 * How much of a title and of a body rules read (UTF-16 units as sent, then folded characters): each rule reads the
 * text again, so 200 rules on a 256 KB event were 200 passes over it (a second per message here). Far above what
 * people write in a notification (ntfy's own limit is 4 096 bytes); what lies past it is not matched.
 */
export const RULE_TEXT_READ = 16_384;

function readOf(text: string): number[] {
  const folded = foldText(text.length > RULE_TEXT_READ ? text.slice(0, RULE_TEXT_READ) : text);
  return folded.length > RULE_TEXT_READ ? folded.slice(0, RULE_TEXT_READ) : folded;
}

/** An item's text folded at most once per evaluation, however many rules look at it. */
interface FoldedText {
  title(): number[];
  body(): number[];
  tags(): ReadonlySet<string>;
  channel(): string | undefined;
}

function lazyFolded(item: RuleItem): FoldedText {
  let title: number[] | undefined;
  let body: number[] | undefined;
  let tags: Set<string> | undefined;
  let channel: { key: string | undefined } | undefined;
  return {
    title: () => (title ??= readOf(item.title)),
    body: () => (body ??= readOf(item.body)),
    tags: () => (tags ??= new Set(item.tags.map(foldKey))),
    channel: () => (channel ??= { key: item.channel === undefined ? undefined : foldKey(item.channel) }).key,
  };
}

/** Cheap conditions first, so text is folded only for items that can still match. */
function matches(rule: Rule, item: RuleItem, folded: FoldedText): boolean {
  if (rule.scope.kind === 'source' && rule.scope.sourceId !== item.sourceId) return false;
  const m = rule.match;
  if (item.sealed && asksAboutContent(m)) return false;
  if (m.priority && (item.priority < m.priority.min || item.priority > m.priority.max)) return false;
  if (m.eventTypes && !m.eventTypes.includes(item.type)) return false;
  if (m.hasSenderActions !== undefined && m.hasSenderActions !== item.hasSenderActions) return false;
  const c = compile(m);
  if (c.channel !== undefined) {
    const channel = folded.channel();
    if (channel === undefined || !sameKey(channel, c.channel)) return false;
  }
  if (c.tags && !c.tags.every((want) => hasKey(folded.tags(), want))) return false;
  if (c.title && !matchesText(c.title, folded.title())) return false;
  if (c.body && !matchesText(c.body, folded.body())) return false;
  return true;
}

function merge(into: RuleActions, next: RuleActions): RuleActions {
  const tags = into.addTags || next.addTags ? [...new Set([...(into.addTags ?? []), ...(next.addTags ?? [])])] : undefined;
  return { ...into, ...next, ...(tags ? { addTags: tags } : {}) };
}

/**
 * The actions the rules decide for one item and the rules that decided them. Never throws: a rule that cannot be
 * evaluated (a shape no check let through, from a file edited by hand and read without the rulebook) does not match,
 * and the rest still run.
 */
export function evaluateRules(rules: readonly Rule[], item: RuleItem): RuleOutcome {
  let actions: RuleActions = {};
  const matched: MatchedRule[] = [];
  if (!Array.isArray(rules)) return { actions, matched };
  const folded = lazyFolded(item);
  for (const [index, rule] of rules.entries()) {
    try {
      if (!matches(rule, item, folded)) continue;
      const merged = merge(actions, rule.actions ?? {});
      const named: MatchedRule = { index, id: String(rule.id), name: String(rule.name) };
      actions = merged;
      matched.push(named);
    } catch {
      continue;
    }
    if (rule.continue !== true) break;
  }
  return { actions, matched };
}
