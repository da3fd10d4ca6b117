/** The window's frame: title and navigation, the connection line and banners, sync progress, announcements, failed actions, action names, updates, notices, keyboard help. (English and Simplified Chinese; ../i18n.ts looks them up.) */
import type { Message } from './message';

export const en = {
  'app.title': 'Herald',

  'nav.inbox': 'Notifications',
  'nav.settings': 'Settings',
  'nav.back': 'Back to notifications',

  'conn.open': 'Connected',
  'conn.connecting': 'Connecting…',
  'conn.backoff': 'Connection lost, reconnecting…',
  'conn.offline': 'Offline',
  'conn.paused': 'Paused',
  'conn.failed': 'Connection failed',
  'conn.failedReason': 'Connection failed: {reason}',
  'conn.stopped': 'Stopped',
  'conn.via': 'via {transport}',
  'conn.sources': 'Sources',
  'conn.showSources': 'Show the state of each source',
  'conn.malformed': { one: '{n} unreadable event skipped', other: '{n} unreadable events skipped' },

  'transport.sse': 'live stream (SSE)',
  'transport.longpoll': 'long polling',
  'transport.poll': 'polling',

  'header.unread': '{n} unread',
  'header.pause': 'Pause notifications',
  'header.resume': 'Resume notifications',
  'header.pausedNote': 'Notifications paused',

  'banner.reconnecting': 'Connection lost — reconnecting…',
  'banner.offline': "Offline — your actions will sync when you're back online",
  'banner.failed': 'Cannot connect: {reason}',

  'sync.progress': 'Syncing {done}/{total}',
  'sync.waiting': { one: '{n} action waiting for the connection', other: '{n} actions waiting for the connection' },
  'sync.waitingOne': '1 action waiting for the connection',

  'announce.newItems': { one: '{n} new notification', other: '{n} new notifications' },
  'announce.newItem': '1 new notification',
  'announce.backOnline': 'Back online',
  'announce.newLike': 'New like on this notification',
  'announce.newComment': 'New comment on this notification',

  'failed.title': 'Actions that could not be sent',
  'failed.retry': 'Retry',
  'failed.discard': 'Discard',
  'failed.reason': 'Reason: {reason}',
  'failed.attempts': { one: '{n} attempt', other: '{n} attempts' },
  'outbox.keptAside': 'A damaged file of actions waiting to be sent was kept at {path}; every action that could be read from it is queued again. Delete the file once you have checked it.',

  'action.mark_read': 'Mark “{title}” as read',
  'action.mark_all_read': 'Mark all as read',
  'action.like': 'Like “{title}”',
  'action.unlike': 'Unlike “{title}”',
  'action.run_action': 'Send the sender’s request for “{title}”',
  'action.comment': 'Comment on “{title}”: {body}',
  'action.unknownItem': 'item {id}',

  'keys.title': 'Keyboard shortcuts',
  'keys.move': 'Previous / next notification',
  'keys.ends': 'First / last notification',
  'keys.open': 'Open the notification',
  'keys.close': 'Close the notification; leave Settings',
  'keys.tab': 'Move between the header, the filters, the list and the open notification',

  'notice.dismiss': 'Dismiss',

  'update.ready': 'Update ready — restart to install',
  'update.restart': 'Restart now',

  'notice.keptAt': 'The old file was kept at {path}',
  'notice.keptInside': 'The old values were kept in {path}, under "setAside"',

  'error.generic': 'Something went wrong: {reason}',
  'error.details': 'Details',
} as const;

export const zh: Record<keyof typeof en, Message> = {
  'app.title': 'Herald',

  'nav.inbox': '通知',
  'nav.settings': '设置',
  'nav.back': '返回通知',

  'conn.open': '已连接',
  'conn.connecting': '连接中…',
  'conn.backoff': '连接中断，正在重连…',
  'conn.offline': '离线模式',
  'conn.paused': '已暂停',
  'conn.failed': '连接失败',
  'conn.failedReason': '连接失败：{reason}',
  'conn.stopped': '已停止',
  'conn.via': '通过{transport}',
  'conn.sources': '消息源',
  'conn.showSources': '查看每个消息源的状态',
  'conn.malformed': '已跳过 {n} 条无法识别的消息',

  'transport.sse': '实时推送 (SSE)',
  'transport.longpoll': '长轮询',
  'transport.poll': '轮询',

  'header.unread': '{n} 条未读',
  'header.pause': '暂停通知',
  'header.resume': '恢复通知',
  'header.pausedNote': '通知已暂停',

  'banner.reconnecting': '网络连接中断，正在重连…',
  'banner.offline': '离线模式：操作将在网络恢复后同步',
  'banner.failed': '无法连接：{reason}',

  'sync.progress': '正在同步 {done}/{total}',
  'sync.waiting': '{n} 个操作等待网络连接',
  'sync.waitingOne': '1 个操作等待网络连接',

  'announce.newItems': '{n} 条新通知',
  'announce.newItem': '1 条新通知',
  'announce.backOnline': '已恢复连接',
  'announce.newLike': '这条通知有新的点赞',
  'announce.newComment': '这条通知有新评论',

  'failed.title': '未能发送的操作',
  'failed.retry': '重试',
  'failed.discard': '放弃',
  'failed.reason': '原因：{reason}',
  'failed.attempts': '已尝试 {n} 次',
  'outbox.keptAside': '一个损坏的待发送操作文件已保存在 {path}；其中能读出的操作都已重新排队。检查后请删除该文件。',

  'action.mark_read': '将“{title}”标为已读',
  'action.mark_all_read': '全部标为已读',
  'action.like': '赞“{title}”',
  'action.unlike': '取消赞“{title}”',
  'action.run_action': '发送“{title}”附带的请求',
  'action.comment': '评论“{title}”：{body}',
  'action.unknownItem': '条目 {id}',

  'keys.title': '键盘快捷键',
  'keys.move': '上一条 / 下一条通知',
  'keys.ends': '第一条 / 最后一条通知',
  'keys.open': '打开通知',
  'keys.close': '关闭通知；退出设置',
  'keys.tab': '在顶栏、筛选、列表和打开的通知之间移动',

  'notice.dismiss': '知道了',

  'update.ready': '更新已就绪 — 重启以安装',
  'update.restart': '立即重启',

  'notice.keptAt': '旧文件已保存在 {path}',
  'notice.keptInside': '原值已保存在 {path} 的 "setAside" 下',

  'error.generic': '出错了：{reason}',
  'error.details': '详细信息',
};
