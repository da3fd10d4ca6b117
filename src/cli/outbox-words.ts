/**
 * What the CLI says about the data dir and its outbox, in English and Simplified Chinese (from LANG / LC_ALL /
 * LC_MESSAGES, like the loss warnings of src/shared/notices.ts). One table, so both languages say the same things.
 */
import { ERROR_WORDS } from '../shared/error-words';
import type { Notice } from '../shared/ipc-contract';
import type { UiLanguage } from '../shared/language';
import { warningLine } from './cli-words';

interface OutboxWords {
  inUse(pid: number, dir: string): string;
  unknownSource(id: string): string;
  entryUnknownSource: string;
  setAside(path: string): string;
  letterSetAside(path: string): string;
  storeSetAside(file: string, kept: string): string;
  storeDamaged(file: string): string;
  keptAt(path: string): string;
  /** The listing of `herald outbox` (its --json lines are data, not words). */
  empty: string;
  counts(waiting: number, failed: number): string;
  markAllRead(upTo: string | undefined): string;
  failed(detail: string): string;
  retrying(tries: number, detail: string): string;
  state: Record<'pending' | 'sending' | 'failed', string>;
  /** `herald act`'s line once the action is on disk; `verb` is what was typed (like, comment…). */
  queued(verb: string, key: string, url: string): string;
  /** `herald act` could not queue: the outbox was written by a newer Herald, or too many actions wait already. */
  notQueuedNewer(dir: string): string;
  notQueuedFull(): string;
  /** `herald subscribe`'s progress line for the outbox. */
  progress(done: number, total: number, failed: number): string;
}

const WORDS: Record<UiLanguage, OutboxWords> = {
  en: {
    inUse: (pid: number, dir: string) =>
      `another herald process (pid ${pid}) is already using the data dir ${dir}; stop it first or give another --data-dir (\`herald act\` and \`herald outbox\` work beside it)`,
    notQueuedNewer: (dir: string) => `herald act: the action was not queued: the outbox in ${dir} was written by a newer version of Herald; update Herald to queue actions there`,
    notQueuedFull: () => 'herald act: the action was not queued: too many actions are waiting to be sent; let `herald subscribe` send them, or see them with `herald outbox`',
    unknownSource: (id: string) =>
      `note: this action waits for a source this data dir has never connected to (${id}); it is sent only by \`herald subscribe\` with the same --server (spelled the same way, e.g. 127.0.0.1 and localhost differ) or --id`,
    entryUnknownSource: 'waiting for a source this data dir has never connected to',
    setAside: (path: string) => `a damaged outbox file was set aside at ${path}; every action that could be read from it is queued. Remove the file once you have checked it.`,
    letterSetAside: (path: string) =>
      `an action handed over by another herald process could not be read and was set aside at ${path}; it was not sent. Remove the file once you have checked it.`,
    storeSetAside: (file: string, kept: string) => `saved data in ${file} could not be read and was set aside; it is kept at ${kept}`,
    storeDamaged: (file: string) =>
      `saved data in ${file} could not be read; what can be read from it is used, and the running subscriber or the app sets it aside when it next opens it`,
    keptAt: (path: string) => ` (kept at ${path})`,
    empty: 'The outbox is empty: nothing waiting, nothing failed.',
    counts: (waiting: number, failed: number) => `${waiting} waiting, ${failed} failed`,
    markAllRead: (upTo: string | undefined) => `mark all read${upTo ? ` up to ${upTo}` : ''}`,
    failed: (detail: string) => `FAILED (${detail})`,
    retrying: (tries: number, detail: string) => `waiting, ${tries} tries so far (${detail})`,
    state: { pending: 'pending', sending: 'sending', failed: 'failed' },
    queued: (verb: string, key: string, url: string) => `queued ${verb} (${key}) for ${url}; \`herald subscribe\` will send it`,
    progress: (done: number, total: number, failed: number) => `[outbox: ${done}/${total} sent${failed ? `, ${failed} failed` : ''}]`,
  },
  'zh-CN': {
    inUse: (pid: number, dir: string) =>
      `另一个 herald 进程（pid ${pid}）正在使用数据目录 ${dir}；请先停止它，或换一个 --data-dir（\`herald act\` 和 \`herald outbox\` 可以与它同时运行）`,
    notQueuedNewer: (dir: string) => `herald act: 操作没有排队：${dir} 中的发件箱由更新版本的 Herald 写入；请更新 Herald 后再在此排队操作`,
    notQueuedFull: () => 'herald act: 操作没有排队：待发送的操作太多；请让 `herald subscribe` 把它们发出，或用 `herald outbox` 查看',
    unknownSource: (id: string) =>
      `注意：这个操作等待的源是此数据目录从未连接过的（${id}）；只有使用相同 --server（写法也要相同，例如 127.0.0.1 与 localhost 不同）或 --id 的 \`herald subscribe\` 才会发送它`,
    entryUnknownSource: '等待一个此数据目录从未连接过的源',
    setAside: (path: string) => `一个损坏的发件箱文件已被移到 ${path}；其中能读出的操作都已排队。检查后请删除该文件。`,
    letterSetAside: (path: string) => `另一个 herald 进程交来的一个操作无法读取，已被移到 ${path}；它没有被发送。检查后请删除该文件。`,
    storeSetAside: (file: string, kept: string) => `${file} 中保存的数据无法读取，已另行保存在 ${kept}`,
    storeDamaged: (file: string) => `${file} 中保存的数据无法读取；能读出的部分照常使用，订阅进程或应用下次打开它时会将其另行保存`,
    keptAt: (path: string) => `（保存在 ${path}）`,
    empty: '发件箱是空的：没有等待发送的，也没有失败的。',
    counts: (waiting: number, failed: number) => `${waiting} 个等待发送，${failed} 个失败`,
    markAllRead: (upTo: string | undefined) => `全部标为已读${upTo ? `（截至 ${upTo}）` : ''}`,
    failed: (detail: string) => `失败（${detail}）`,
    retrying: (tries: number, detail: string) => `等待中，已尝试 ${tries} 次（${detail}）`,
    state: { pending: '等待发送', sending: '正在发送', failed: '失败' },
    queued: (verb: string, key: string, url: string) => `已将 ${verb}（${key}）放入发往 ${url} 的发件箱；\`herald subscribe\` 会发送它`,
    progress: (done: number, total: number, failed: number) => `[发件箱：已发送 ${done}/${total}${failed ? `，${failed} 个失败` : ''}]`,
  },
};

export function outboxWords(lang: UiLanguage): OutboxWords {
  return WORDS[lang];
}

/**
 * A notice about local files (a store set aside or damaged, an outbox file kept) as the CLI's warning line: words
 * from the tables in the reader's language, with the files named — the store's own English sentence is for the log.
 */
export function noticeLine(n: Notice & { original?: string; movedAside?: boolean }, lang: UiLanguage): string {
  const w = WORDS[lang];
  if (n.original !== undefined && n.movedAside === true && n.path) return warningLine(w.storeSetAside(n.original, n.path), lang);
  if (n.original !== undefined && n.movedAside === false) return warningLine(w.storeDamaged(n.original), lang);
  return warningLine(`${ERROR_WORDS[lang][n.code]}${n.path ? w.keptAt(n.path) : ''}`, lang);
}
