/**
 * The words main shows itself (tray tooltip and menu, summary notifications), in English and Simplified Chinese.
 * The renderer has its own table for its own screens; these are the only user-facing strings made in main.
 */
import type { ConnectionStateKind } from '../shared/connection-state';
import type { SealedState } from '../shared/events';
import type { UiLanguage } from '../shared/language';
import { countWords, type CountForms } from '../shared/count-words';

export type { UiLanguage } from '../shared/language';
/** One rule for the tray and the window (src/shared/language.ts). */
export { resolveLanguage } from '../shared/language';

export interface ShellStrings {
  unread(n: number): string;
  state: Record<ConnectionStateKind, string>;
  actionsWaiting(n: number): string;
  actionsFailed(n: number): string;
  notificationsPaused: string;
  quietHoursNow: string;
  snoozedUntil(time: string): string;
  snoozedUntilOn: string;
  sourcesSnoozed(n: number): string;
  menu: {
    snooze: string;
    snoozeHour: string;
    snoozeMorning: string;
    snoozeOffOnly: string;
    snoozeEnd: string;
    installUpdate: string; open: string; pause: string; resume: string; quietHours(start: string, end: string): string; markAllRead: string; troubleshooting: string; quit: string };
  toastActions: { markRead: string; like: string; reply: string };
  burst(n: number): string;
  burstBody: string;
  catchUp(n: number): string;
  catchUpBody: string;
  /** The whole toast of an encrypted notification Herald could not open (the window says the same). */
  sealed: Record<SealedState, string>;
  /** A digest: "12 new in ci-builds" (the newest title is its body). */
  digest(n: number, name: string): string;
  /** The file type in the settings export and import dialogs. */
  settingsFileType: string;
}

/** A count in words the window's way: one rule for both (src/shared/count-words.ts). */
const enCount = (n: number, forms: CountForms): string => countWords('en', n, forms);
const zhCount = (n: number, forms: CountForms): string => countWords('zh-CN', n, forms);

export const STRINGS: Record<UiLanguage, ShellStrings> = {
  en: {
    unread: (n) => (n === 0 ? 'nothing unread' : enCount(n, { one: '{n} unread', other: '{n} unread' })),
    state: {
      open: 'connected',
      connecting: 'connecting',
      backoff: 'reconnecting',
      offline: 'offline',
      paused: 'paused',
      failed: 'needs attention',
      stopped: 'not connected',
    },
    actionsWaiting: (n) => enCount(n, { one: '{n} action waiting to sync', other: '{n} actions waiting to sync' }),
    actionsFailed: (n) => enCount(n, { one: '{n} action failed', other: '{n} actions failed' }),
    notificationsPaused: 'notifications paused',
    quietHoursNow: 'quiet hours',
    snoozedUntil: (time) => `snoozed until ${time}`,
    snoozedUntilOn: 'snoozed until turned back on',
    sourcesSnoozed: (n) => enCount(n, { one: '{n} source snoozed', other: '{n} sources snoozed' }),
    menu: {
      snooze: 'Snooze notifications',
      snoozeHour: 'For 1 hour',
      snoozeMorning: 'Until tomorrow morning',
      snoozeOffOnly: 'Until I turn them back on',
      snoozeEnd: 'Turn notifications back on',
      installUpdate: 'Update ready — restart to install',
      open: 'Open Herald',
      pause: 'Pause notifications',
      resume: 'Resume notifications',
      quietHours: (start, end) => `Quiet hours (${start}–${end})`,
      markAllRead: 'Mark all as read',
      troubleshooting: 'Troubleshooting…',
      quit: 'Quit Herald',
    },
    toastActions: { markRead: 'Mark as read', like: 'Like', reply: 'Reply…' },
    burst: (n) => enCount(n, { one: '{n} new notification', other: '{n} new notifications' }),
    burstBody: 'Open Herald to read them.',
    catchUp: (n) => enCount(n, { one: '{n} notification while you were away', other: '{n} notifications while you were away' }),
    catchUpBody: 'Open Herald to catch up.',
    sealed: { no_key: 'Encrypted — no key for this source', undecryptable: 'Encrypted — could not be decrypted' },
    // The name goes in last, by a function: a publisher's "{n}" or "$&" in it stays as written.
    digest: (n, name) => enCount(n, { one: '{n} new in {name}', other: '{n} new in {name}' }).replace('{name}', () => name),
    settingsFileType: 'Herald settings',
  },
  'zh-CN': {
    unread: (n) => (n === 0 ? '没有未读' : zhCount(n, '{n} 条未读')),
    state: {
      open: '已连接',
      connecting: '正在连接',
      backoff: '正在重连',
      offline: '离线',
      paused: '已暂停',
      failed: '需要处理',
      stopped: '未连接',
    },
    actionsWaiting: (n) => zhCount(n, '{n} 个操作等待同步'),
    actionsFailed: (n) => zhCount(n, '{n} 个操作失败'),
    notificationsPaused: '通知已暂停',
    quietHoursNow: '勿扰时段',
    snoozedUntil: (time) => `通知已暂缓至 ${time}`,
    snoozedUntilOn: '通知已暂缓，直到重新开启',
    sourcesSnoozed: (n) => zhCount(n, '{n} 个来源已暂缓'),
    menu: {
      snooze: '暂缓通知',
      snoozeHour: '1 小时',
      snoozeMorning: '直到明天早上',
      snoozeOffOnly: '直到我重新开启',
      snoozeEnd: '重新开启通知',
      installUpdate: '更新已就绪 — 重启以安装',
      open: '打开 Herald',
      pause: '暂停通知',
      resume: '恢复通知',
      quietHours: (start, end) => `勿扰时段（${start}–${end}）`,
      markAllRead: '全部标为已读',
      troubleshooting: '故障排查…',
      quit: '退出 Herald',
    },
    toastActions: { markRead: '标为已读', like: '赞', reply: '回复…' },
    burst: (n) => zhCount(n, '{n} 条新通知'),
    burstBody: '打开 Herald 查看。',
    catchUp: (n) => zhCount(n, '离开期间收到 {n} 条通知'),
    catchUpBody: '打开 Herald 查看。',
    sealed: { no_key: '已加密 — 此来源没有密钥', undecryptable: '已加密 — 无法解密' },
    digest: (n, name) => zhCount(n, '{name} 有 {n} 条新消息').replace('{name}', () => name),
    settingsFileType: 'Herald 设置',
  },
};
