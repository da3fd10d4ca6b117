/**
 * What `herald subscribe --rules FILE` says, in English and Chinese (the reader's LANG): why a rules file is
 * refused (which rule, which field, what is wrong, from the rulebook's codes), what the rules decided for an event,
 * and a digest's line. One table, like subscribe-words.ts; publisher text is cleaned the way event lines are.
 */
import type { UiLanguage } from '../shared/language';
import { withoutFormatControls } from '../shared/publisher-text';
import type { DecisionCode, NotifyDecision } from '../shared/rules';
import type { RuleProblem, RuleProblemCode } from '../shared/rules-check';
import type { LocalOutcome } from '../shared/rules-local';
import type { SoundChoice } from '../shared/settings';

/** Publisher text or a rule's name on one line, as event lines show it (event-text.ts): line breaks as " ↵ ". */
const oneLine = (text: string): string => withoutFormatControls(text).replace(/[\n\u2028\u2029]/g, ' ↵ ').trim();

const PROBLEMS: Record<UiLanguage, Record<RuleProblemCode, string>> = {
  en: {
    not_a_list: 'must be a list',
    too_many: 'has too many entries',
    not_an_object: 'must be an object',
    bad_id: 'needs an id of 1–64 letters, digits, _ or -',
    duplicate_id: 'has the same id as an earlier one',
    bad_name: 'needs a name of 1–80 characters',
    bad_scope: 'must be {"kind": "global"} or {"kind": "source", "sourceId": …}',
    bad_matcher: 'must be {"kind": "words", "words": …} or {"kind": "pattern", "pattern": …}, at most 200 characters',
    bad_tags: 'must be a list of up to 20 tags',
    bad_priority: 'must be whole numbers from 1 to 5 (min not above max)',
    bad_channel: 'must be a topic or channel name',
    bad_event_types: 'must be a list of "notification" and "system"',
    bad_flag: 'has a value not allowed there',
    bad_sound: 'must be "none", "default" or "urgent"',
    bad_view: 'must be a saved view id',
    bad_digest: 'must be whole minutes from 1 to 1440',
    unknown_field: 'is not part of a rules file (it holds "rules" and "digests")',
  },
  'zh-CN': {
    not_a_list: '必须是列表',
    too_many: '条目过多',
    not_an_object: '必须是对象',
    bad_id: '需要由 1–64 个字母、数字、_ 或 - 组成的 id',
    duplicate_id: '与前面某条的 id 相同',
    bad_name: '需要 1–80 个字符的名称',
    bad_scope: '必须是 {"kind": "global"} 或 {"kind": "source", "sourceId": …}',
    bad_matcher: '必须是 {"kind": "words", "words": …} 或 {"kind": "pattern", "pattern": …}，最多 200 个字符',
    bad_tags: '必须是最多 20 个标签的列表',
    bad_priority: '必须是 1 到 5 的整数（min 不大于 max）',
    bad_channel: '必须是主题或频道名称',
    bad_event_types: '必须是由 "notification" 和 "system" 组成的列表',
    bad_flag: '此处不允许该值',
    bad_sound: '必须是 "none"、"default" 或 "urgent"',
    bad_view: '必须是已保存视图的 id',
    bad_digest: '必须是 1 到 1440 的整数分钟',
    unknown_field: '不是规则文件中的内容（规则文件只有 "rules" 和 "digests"）',
  },
};

const WORDS = {
  en: {
    unreadable: (path: string) => `--rules ${path} cannot be read`,
    notJson: (path: string) => `--rules ${path} is not JSON`,
    where: (path: string, field: string) => `--rules ${path}: ${field}`,
    inRule: (path: string, n: number, name: string | undefined, field: string) => `--rules ${path}: rule ${n}${name === undefined ? '' : ` ("${name}")`}, ${field}`,
    colon: ': ',
    rule: 'rule: ',
    tags: (tags: string) => `tags +${tags}`,
    view: (id: string) => `view ${id}`,
    sound: { none: 'no sound', default: 'default sound', urgent: 'urgent sound' } satisfies Record<SoundChoice, string>,
    digest: (n: number, name: string) => `${n} new in ${name}`,
    /** A digest's newest message was one Herald could not open: its title is not known. */
    sealedNewest: 'an encrypted message',
  },
  'zh-CN': {
    unreadable: (path: string) => `无法读取 --rules ${path}`,
    notJson: (path: string) => `--rules ${path} 不是 JSON`,
    where: (path: string, field: string) => `--rules ${path}：${field}`,
    inRule: (path: string, n: number, name: string | undefined, field: string) => `--rules ${path}：第 ${n} 条规则${name === undefined ? '' : `（“${name}”）`}，${field}`,
    colon: '：',
    rule: '规则：',
    tags: (tags: string) => `标签 +${tags}`,
    view: (id: string) => `视图 ${id}`,
    sound: { none: '无声', default: '默认提示音', urgent: '紧急提示音' } satisfies Record<SoundChoice, string>,
    digest: (n: number, name: string) => `${name} 有 ${n} 条新消息`,
    sealedNewest: '一条加密消息',
  },
} as const;

/** What decided, in words (the CLI's own summary of the "why"). */
export const DECISION_WORDS: Record<UiLanguage, Record<DecisionCode, string>> = {
  en: {
    profile_toast: 'notifies',
    profile_list_only: 'list only (its priority)',
    rule_list_only: 'list only (a rule)',
    quiet_hours: 'held back by quiet hours',
    snooze: 'held back by a snooze',
    paused: 'held back: notifications paused',
    break_through: 'breaks through',
    digest: 'collected into a digest',
    catch_up: 'caught up (one summary)',
  },
  'zh-CN': {
    profile_toast: '弹出通知',
    profile_list_only: '仅列表（按优先级）',
    rule_list_only: '仅列表（规则）',
    quiet_hours: '免打扰时段内，未弹出',
    snooze: '已稍后提醒，未弹出',
    paused: '通知已暂停，未弹出',
    break_through: '突破免打扰',
    digest: '已收入摘要',
    catch_up: '补收（合并为一条摘要）',
  },
};

/** The line for a rules file the rulebook refused: which rule (place from 1, name) and field, then what is wrong. */
export function rulesProblemLine(path: string, p: RuleProblem, lang: UiLanguage): string {
  const w = WORDS[lang];
  const name = p.name === undefined ? undefined : oneLine(p.name);
  const where = p.index === undefined ? w.where(path, p.field) : w.inRule(path, p.index + 1, name, p.field);
  return `${where}${w.colon}${PROBLEMS[lang][p.code]}`;
}

export function rulesFileUnreadable(path: string, lang: UiLanguage, notJson: boolean): string {
  return notJson ? WORDS[lang].notJson(path) : WORDS[lang].unreadable(path);
}

/** The indented line under an event some rule matched: `[rule: CI failures · urgent sound · tags +seen]`. */
export function ruleNoteLine(d: NotifyDecision, local: LocalOutcome, lang: UiLanguage): string {
  const w = WORDS[lang];
  const parts = [`${w.rule}${d.rules.map((r) => oneLine(r.name)).join(', ')}`, DECISION_WORDS[lang][d.decidedBy]];
  if (d.toast) parts.push(w.sound[d.sound]);
  if (local.tags.length > 0) parts.push(w.tags(local.tags.map(oneLine).join(', ')));
  if (local.view !== undefined) parts.push(w.view(oneLine(local.view)));
  return `  [${parts.join(' · ')}]`;
}

/** A digest when due: "12 new in ci-builds — Build 12 passed" (the newest's title, or that it is encrypted). */
export function digestLine(count: number, name: string, newest: { title: string; sealed?: unknown }, lang: UiLanguage): string {
  return `${WORDS[lang].digest(count, oneLine(name))} — ${newest.sealed !== undefined ? WORDS[lang].sealedNewest : oneLine(newest.title)}`;
}
