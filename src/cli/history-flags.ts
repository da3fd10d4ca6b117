/**
 * `herald subscribe --since` and `--filter`: where a run starts, and which ntfy messages it asks for. Both are read
 * by the same rulebooks the app's settings use (src/shared/history-start.ts, src/shared/ntfy-filters.ts).
 */
import type { UiLanguage } from '../shared/language';
import type { SourceConfig } from '../core/source';
import { parseHistoryStart } from '../shared/history-start';
import { NTFY_FILTER_KEYS, parseNtfyFilterArgs, type FilterProblem } from '../shared/ntfy-filters';
import { UsageError } from './io';
import { usageError } from './usage-words';

export const HISTORY_FLAGS = {
  since: { type: 'string' },
  filter: { type: 'string', multiple: true },
} as const;

export const HISTORY_HELP: Record<UiLanguage, string> = {
  en: `  --since WHEN        where to start instead of the saved position: now, all (everything the server keeps), a duration
                      (90s, 30m, 1h, 7d) or an event id (Herald) / message id (ntfy; digits alone: a
                      unix time); the run starts after it. It replaces the position saved in --data-dir for this
                      run (without --since, a run resumes from there; a first run starts now). Nchan: only now
  --filter KEY=VALUE  ntfy only, repeatable: ask the server for matching messages only, on every request —
                      priority=4,5 (any of 1-5, min, low, default, high, max, urgent), tags=a,b (all of them),
                      title=TEXT, message=TEXT (exact), id=ID, scheduled=1 (also messages scheduled for later)`,
  'zh-CN': `  --since WHEN        不从保存的位置、而从这里开始：now、all（服务器保留的全部）、一段时长
                      （90s、30m、1h、7d），或一个事件 id（Herald）/ 消息 id（ntfy；纯数字表示
                      unix 时间）；本次运行从它之后开始。它在本次运行中代替 --data-dir 中保存的位置
                      （不加 --since 时从那里继续；首次运行从现在开始）。Nchan：只能用 now
  --filter KEY=VALUE  仅 ntfy，可重复：每次请求都只向服务器索取匹配的消息——
                      priority=4,5（1-5、min、low、default、high、max、urgent 中任意）、tags=a,b（须全部带有）、
                      title=TEXT、message=TEXT（完全相同）、id=ID、scheduled=1（也包括定时稍后发送的消息）`,
};

function filterProblem(p: FilterProblem): UsageError {
  switch (p.kind) {
    case 'not_key_value':
      return usageError('filterNotKeyValue', p.text);
    case 'unknown_key':
      return usageError('filterUnknownKey', p.key, NTFY_FILTER_KEYS.join(', '));
    case 'bad_value':
      return usageError('filterBadValue', p.key);
  }
}

/** Sets `since` and the ntfy filters on `configs`; a value that cannot be used is a usage error. */
export function applyHistoryFlags(configs: SourceConfig[], values: { since?: string | undefined; filter?: string[] | undefined }): void {
  if (values.since !== undefined) {
    const since = parseHistoryStart(values.since);
    if (since === null) throw usageError('since');
    const nchan = since.kind === 'now' ? undefined : configs.find((c) => c.kind === 'nchan');
    if (nchan) throw usageError('sinceNchan', nchan.id);
    for (const c of configs) c.since = since;
  }
  if (values.filter !== undefined && values.filter.length > 0) {
    const parsed = parseNtfyFilterArgs(values.filter);
    if (!parsed.ok) throw filterProblem(parsed.problem);
    const ntfy = configs.filter((c) => c.kind === 'ntfy');
    if (ntfy.length === 0) throw usageError('filterNtfyOnly');
    for (const c of ntfy) c.ntfyFilters = parsed.filters;
  }
}
