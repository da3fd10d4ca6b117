/**
 * The checks for rules, saved views and digests: one rulebook for the settings file, a settings import and the
 * CLI's `--rules FILE`. Everything is untrusted (a hand-edited file, another machine's export): shapes, ranges and
 * sizes are checked, unknown fields are dropped, and a refusal is data — which rule (its place and name), which
 * field, which problem as a code — so each display says it in its reader's language.
 */
import type { Priority } from './events';
import { isJsonObject } from './json';
import { SOUND_CHOICES, type SoundChoice } from './sound';
import type { DigestSetting, PriorityRange, Rule, RuleActions, RuleMatch, RulesFile, RuleScope, SavedView, SavedViewFilter, SourceDigests, TextMatcher } from './rules';

export const RULE_LIMITS = {
  rules: 200,
  views: 50,
  nameLength: 80,
  /** Words or a pattern: long enough for any phrase, short enough that matching stays cheap per character. */
  textLength: 200,
  tags: 20,
  tagLength: 64,
  digestMinutesMax: 24 * 60,
  digestEntries: 100,
} as const;

export const RULE_PROBLEM_CODES = [
  'not_a_list',
  'too_many',
  'not_an_object',
  'bad_id',
  'duplicate_id',
  'bad_name',
  'bad_scope',
  'bad_matcher',
  'bad_tags',
  'bad_priority',
  'bad_channel',
  'bad_event_types',
  'bad_flag',
  'bad_sound',
  'bad_view',
  'bad_digest',
  'unknown_field',
] as const;
export type RuleProblemCode = (typeof RULE_PROBLEM_CODES)[number];

export interface RuleProblem {
  code: RuleProblemCode;
  /** What was refused: `rules`, `views`, `digests`, or the field inside one entry (`match.title`, `actions.sound`). */
  field: string;
  /** The entry's place in its list (0-based) and its name, when the problem is inside one. */
  index?: number;
  name?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: RuleProblem };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const EVENT_TYPES_MATCHED = ['notification', 'system'] as const;

class Refused extends Error {
  constructor(readonly code: RuleProblemCode, readonly field: string) {
    super(code);
  }
}
function refuse(code: RuleProblemCode, field: string): never {
  throw new Refused(code, field);
}

function isPriority(v: unknown): v is Priority {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
}
function shortText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max;
}

function textMatcher(v: unknown, field: string): TextMatcher {
  if (!isJsonObject(v)) refuse('bad_matcher', field);
  if (v.kind === 'words' && shortText(v.words, RULE_LIMITS.textLength)) return { kind: 'words', words: v.words };
  if (v.kind === 'pattern' && shortText(v.pattern, RULE_LIMITS.textLength)) return { kind: 'pattern', pattern: v.pattern };
  return refuse('bad_matcher', field);
}

function tagList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length > RULE_LIMITS.tags || !v.every((t) => shortText(t, RULE_LIMITS.tagLength))) refuse('bad_tags', field);
  return [...(v as string[])];
}

function priorityRange(v: unknown): PriorityRange {
  if (!isJsonObject(v) || !isPriority(v.min) || !isPriority(v.max) || v.min > v.max) refuse('bad_priority', 'match.priority');
  return { min: v.min, max: v.max };
}

function ruleMatch(v: unknown): RuleMatch {
  if (!isJsonObject(v)) refuse('not_an_object', 'match');
  const m: RuleMatch = {};
  if (v.title !== undefined) m.title = textMatcher(v.title, 'match.title');
  if (v.body !== undefined) m.body = textMatcher(v.body, 'match.body');
  if (v.tags !== undefined) m.tags = tagList(v.tags, 'match.tags');
  if (v.priority !== undefined) m.priority = priorityRange(v.priority);
  if (v.channel !== undefined) {
    if (!shortText(v.channel, RULE_LIMITS.textLength)) refuse('bad_channel', 'match.channel');
    m.channel = v.channel;
  }
  if (v.eventTypes !== undefined) {
    const types = v.eventTypes;
    if (!Array.isArray(types) || types.length === 0 || !types.every((t) => (EVENT_TYPES_MATCHED as readonly unknown[]).includes(t))) {
      refuse('bad_event_types', 'match.eventTypes');
    }
    m.eventTypes = [...new Set(types as Array<(typeof EVENT_TYPES_MATCHED)[number]>)];
  }
  if (v.hasSenderActions !== undefined) {
    if (typeof v.hasSenderActions !== 'boolean') refuse('bad_flag', 'match.hasSenderActions');
    m.hasSenderActions = v.hasSenderActions;
  }
  return m;
}

function digestMinutes(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > RULE_LIMITS.digestMinutesMax) refuse('bad_digest', field);
  return v;
}

function ruleActions(v: unknown): RuleActions {
  if (!isJsonObject(v)) refuse('not_an_object', 'actions');
  const a: RuleActions = {};
  if (v.notify !== undefined) {
    if (v.notify !== false) refuse('bad_flag', 'actions.notify');
    a.notify = false;
  }
  if (v.sound !== undefined) {
    if (!(SOUND_CHOICES as readonly unknown[]).includes(v.sound)) refuse('bad_sound', 'actions.sound');
    a.sound = v.sound as SoundChoice;
  }
  if (v.priority !== undefined) {
    if (!isPriority(v.priority)) refuse('bad_priority', 'actions.priority');
    a.priority = v.priority;
  }
  if (v.badge !== undefined) {
    if (v.badge !== false) refuse('bad_flag', 'actions.badge');
    a.badge = false;
  }
  if (v.markRead !== undefined) {
    if (v.markRead !== true) refuse('bad_flag', 'actions.markRead');
    a.markRead = true;
  }
  if (v.addTags !== undefined) a.addTags = tagList(v.addTags, 'actions.addTags');
  if (v.view !== undefined) {
    if (typeof v.view !== 'string' || !ID.test(v.view)) refuse('bad_view', 'actions.view');
    a.view = v.view;
  }
  if (v.digestMinutes !== undefined) a.digestMinutes = digestMinutes(v.digestMinutes, 'actions.digestMinutes');
  return a;
}

function ruleScope(v: unknown): RuleScope {
  if (isJsonObject(v) && v.kind === 'global') return { kind: 'global' };
  if (isJsonObject(v) && v.kind === 'source' && typeof v.sourceId === 'string' && ID.test(v.sourceId)) return { kind: 'source', sourceId: v.sourceId };
  return refuse('bad_scope', 'scope');
}

function rule(v: unknown): Rule {
  if (!isJsonObject(v)) refuse('not_an_object', 'rule');
  if (typeof v.id !== 'string' || !ID.test(v.id)) refuse('bad_id', 'id');
  if (!shortText(v.name, RULE_LIMITS.nameLength)) refuse('bad_name', 'name');
  const cont = v.continue ?? false;
  if (typeof cont !== 'boolean') refuse('bad_flag', 'continue');
  return { id: v.id, name: v.name, scope: ruleScope(v.scope ?? { kind: 'global' }), match: ruleMatch(v.match ?? {}), actions: ruleActions(v.actions ?? {}), continue: cont };
}

/** Checks each entry of a list with `one`, naming the entry (place and name) in a refusal; ids must be unique. */
function checkList<T extends { id: string }>(v: unknown, field: string, max: number, one: (e: unknown) => T): Checked<T[]> {
  if (!Array.isArray(v)) return { ok: false, problem: { code: 'not_a_list', field } };
  if (v.length > max) return { ok: false, problem: { code: 'too_many', field } };
  const out: T[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of v.entries()) {
    const name = isJsonObject(entry) && typeof entry.name === 'string' ? entry.name.slice(0, RULE_LIMITS.nameLength) : undefined;
    try {
      const clean = one(entry);
      if (seen.has(clean.id)) refuse('duplicate_id', 'id');
      seen.add(clean.id);
      out.push(clean);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      return { ok: false, problem: { code: e.code, field: e.field, index, ...(name !== undefined ? { name } : {}) } };
    }
  }
  return { ok: true, value: out };
}

export function checkRules(v: unknown): Checked<Rule[]> {
  return checkList(v, 'rules', RULE_LIMITS.rules, rule);
}

function viewFilter(v: unknown): SavedViewFilter {
  if (!isJsonObject(v)) refuse('not_an_object', 'filter');
  if (typeof v.unreadOnly !== 'boolean') refuse('bad_flag', 'filter.unreadOnly');
  const includeRouted = v.includeRouted ?? true;
  if (typeof includeRouted !== 'boolean') refuse('bad_flag', 'filter.includeRouted');
  const f: SavedViewFilter = { unreadOnly: v.unreadOnly, includeRouted };
  if (v.sources !== undefined) {
    if (!Array.isArray(v.sources) || v.sources.length > RULE_LIMITS.digestEntries || !v.sources.every((s) => typeof s === 'string' && ID.test(s))) {
      refuse('bad_scope', 'filter.sources');
    }
    f.sources = [...(v.sources as string[])];
  }
  if (v.minPriority !== undefined) {
    if (!isPriority(v.minPriority)) refuse('bad_priority', 'filter.minPriority');
    f.minPriority = v.minPriority;
  }
  if (v.tags !== undefined) f.tags = tagList(v.tags, 'filter.tags');
  return f;
}

function savedView(v: unknown): SavedView {
  if (!isJsonObject(v)) refuse('not_an_object', 'view');
  if (typeof v.id !== 'string' || !ID.test(v.id)) refuse('bad_id', 'id');
  if (!shortText(v.name, RULE_LIMITS.nameLength)) refuse('bad_name', 'name');
  return { id: v.id, name: v.name, filter: viewFilter(v.filter) };
}

export function checkSavedViews(v: unknown): Checked<SavedView[]> {
  return checkList(v, 'views', RULE_LIMITS.views, savedView);
}

export function checkSourceDigests(v: unknown): Checked<SourceDigests> {
  if (!isJsonObject(v)) return { ok: false, problem: { code: 'not_an_object', field: 'digests' } };
  const entries = Object.entries(v);
  if (entries.length > RULE_LIMITS.digestEntries) return { ok: false, problem: { code: 'too_many', field: 'digests' } };
  const out: SourceDigests = {};
  for (const [id, entry] of entries) {
    if (!ID.test(id)) return { ok: false, problem: { code: 'bad_id', field: 'digests' } };
    try {
      if (!isJsonObject(entry)) refuse('bad_digest', `digests.${id}`);
      // Defined, not assigned: an id `__proto__` is that source's digest, not the record's prototype.
      Object.defineProperty(out, id, { value: { minutes: digestMinutes(entry.minutes, `digests.${id}`) } satisfies DigestSetting, enumerable: true, writable: true, configurable: true });
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      return { ok: false, problem: { code: e.code, field: e.field } };
    }
  }
  return { ok: true, value: out };
}

/** A whole rules file (`--rules FILE`, the rules part of an import): `{ "rules": [...], "digests": {...} }`. */
export function checkRulesFile(v: unknown): Checked<RulesFile> {
  if (!isJsonObject(v)) return { ok: false, problem: { code: 'not_an_object', field: 'file' } };
  // A misspelt "rules" would otherwise be a file with no rules, accepted without a word.
  const unknown = Object.keys(v).find((k) => k !== 'rules' && k !== 'digests');
  if (unknown !== undefined) return { ok: false, problem: { code: 'unknown_field', field: unknown.slice(0, 40) } };
  const rules = checkRules(v.rules ?? []);
  if (!rules.ok) return rules;
  if (v.digests === undefined) return { ok: true, value: { rules: rules.value } };
  const digests = checkSourceDigests(v.digests);
  if (!digests.ok) return digests;
  return { ok: true, value: { rules: rules.value, digests: digests.value } };
}
