/**
 * Every word the renderer shows, in English and Simplified Chinese, in ONE table (error codes included), so a
 * missing translation is a type error rather than an English word in a Chinese window.
 */
import type { ConnectionState, ErrorCode, ErrorInfo } from '../../../shared/connection-state';
import type { UiLanguage } from '../../../shared/language';

export type Lang = UiLanguage;

const en = {
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

  'failed.title': 'Actions that could not be sent',
  'failed.retry': 'Retry',
  'failed.discard': 'Discard',
  'failed.reason': 'Reason: {reason}',
  'failed.attempts': { one: '{n} attempt', other: '{n} attempts' },

  'action.mark_read': 'Mark “{title}” as read',
  'action.mark_all_read': 'Mark all as read',
  'action.like': 'Like “{title}”',
  'action.unlike': 'Unlike “{title}”',
  'action.run_action': 'Send the sender’s request for “{title}”',
  'action.comment': 'Comment on “{title}”: {body}',
  'action.unknownItem': 'item {id}',

  'list.markAllRead': 'Mark all read',
  'list.empty': 'No notifications yet.',
  'list.loading': 'Loading recent notifications… {done}',
  'list.loadingOf': 'Loading recent notifications… {done}/{total}',
  'list.emptyFiltered': 'Nothing matches these filters.',
  'list.count': '{shown} of {total}',
  'list.label': 'Notifications',
  'item.noTitle': '(no title)',
  'detail.showMore': 'Show more',
  'detail.showLess': 'Show less',
  'filter.all': 'All',
  'filter.unread': 'Unread',
  'filter.kind': 'Type',
  'filter.kindAll': 'All types',
  'filter.kindNotification': 'Notifications',
  'filter.kindSystem': 'System messages',
  'filter.priority': 'Priority',
  'filter.priorityAny': 'Any priority',
  'filter.priorityAtLeast': 'Priority ≥ {n}',
  'filter.search': 'Search',
  'filter.searchPlaceholder': 'Search notifications',

  'item.unread': 'Unread',
  'item.system': 'System',
  'item.priority': 'Priority {n}',
  'item.pending': 'Waiting to sync',
  'item.level.info': 'Information',
  'item.level.warning': 'Warning',
  'item.level.critical': 'Critical',
  'item.openLink': 'Open link',
  'item.openLinkTo': 'Open {host}',
  'extras.actions': 'Actions from the sender',
  'extras.view': 'Opens {url}',
  'extras.http': 'Sends {method} to {url}',
  'extras.run': 'Send…',
  'extras.confirmRun': 'Send {method} to {host}? The sender asked for this request; Herald sends it once, also when the connection comes back later.',
  'extras.send': 'Send',
  'extras.queued': 'Queued',
  'extras.broadcast': 'Android broadcast (not available on the desktop)',
  'extras.open': 'Open',
  'extras.attachment': 'Attachment',
  'extras.openAttachment': 'Open attachment',
  'extras.size': '{n} KB',
  'extras.icon': 'Icon (not loaded)',
  'extras.iconAlt': 'Sender’s icon',
  'settings.images': 'Images',
  'settings.imagesHint': 'Images in messages are not loaded unless you allow them for a source: loading one tells its server your IP address and when you read the message.',
  'settings.imagesFor': 'Load images from {source}',
  'settings.imagesNone': 'No sources yet.',
  'extras.markdown': 'Markdown, shown as plain text',
  'extras.expires': 'The server forgets it {time}',

  'detail.none': 'Select a notification to read it here.',
  'detail.close': 'Close',
  'detail.like': 'Like',
  'detail.liked': 'Liked',
  'detail.likes': { one: '{n} like', other: '{n} likes' },
  'detail.comments': 'Comments ({n})',
  'detail.noComments': 'No comments yet.',
  'detail.loadingComments': 'Loading comments…',
  'detail.commentsError': 'Could not load comments: {reason}',
  'detail.commentsStale': 'These comments may be out of date: {reason}',
  'detail.writeComment': 'Write a comment',
  'detail.send': 'Send',
  'detail.commentPending': 'Sending…',
  'detail.you': 'You',
  'detail.tooLong': 'A comment can be at most {n} characters.',

  'settings.title': 'Settings',
  'settings.sources': 'Sources',
  'settings.demo': 'Built-in demo server',
  'settings.demoExplain':
    'No sources are set up, so Herald runs a small demo server on this computer that sends example notifications. Add a source to connect to your own server.',
  'settings.addSource': 'Add source',
  'settings.edit': 'Edit',
  'settings.remove': 'Remove',
  'settings.save': 'Save',
  'settings.cancel': 'Cancel',
  'settings.test': 'Test connection',
  'settings.testing': 'Testing…',
  'settings.testOk': 'The connection works.',
  'settings.testFailed': 'The connection does not work: {reason}',
  'settings.kind': 'Server type',
  'settings.kind.herald': 'Herald server',
  'settings.kind.nchan': 'Nchan',
  'settings.kind.ntfy': 'ntfy',
  'settings.url': 'Server address (URL)',
  'settings.label': 'Name',
  'settings.channels': 'Channels',
  'settings.topics': 'Topics',
  'settings.channelsHint': 'Separate several with commas.',
  'settings.username': 'User name',
  'settings.token': 'Access token',
  'settings.password': 'Password',
  'settings.secretSet': 'set',
  'settings.secretKeep': 'Leave empty to keep the saved one.',
  'settings.secretClear': 'Remove the saved one',
  'settings.urlInvalid': 'Enter an http:// or https:// address. No ? or # part, at most 2048 characters.',
  'settings.insecureWarning':
    'This address uses plain http:// to another computer: the token or password would travel unencrypted, and anyone on the network could read it. Use https:// if the server offers it.',
  'settings.insecureConfirm': 'Send the credentials over this unencrypted connection anyway',
  'settings.saved': 'Saved.',
  'settings.transport': 'Connection method',
  'settings.transport.auto': 'Automatic (best available)',
  'settings.transport.sse': 'Live stream (SSE)',
  'settings.transport.longpoll': 'Long polling',
  'settings.transport.poll': 'Polling',
  'settings.quietHours': 'Quiet hours',
  'settings.quietEnabled': 'Silence notifications during quiet hours',
  'settings.quietStart': 'From',
  'settings.quietEnd': 'Until',
  'settings.quietUrgent': 'Let urgent notifications (priority 5) through',
  'settings.general': 'General',

  'profiles.title': 'Notification profiles',
  'profiles.for': 'Rules for',
  'profiles.allSources': 'All sources',
  'profiles.ownRules': 'This source has its own rules',
  'profiles.priority': 'Priority',
  'profiles.toast': 'Notify',
  'profiles.sound': 'Sound',
  'profiles.badge': 'Count in badge',
  'profiles.breakThrough': 'Breaks through',
  'profiles.p1': '1 · Min',
  'profiles.p2': '2 · Low',
  'profiles.p3': '3 · Default',
  'profiles.p4': '4 · High',
  'profiles.p5': '5 · Urgent',
  'profiles.sound.none': 'None',
  'profiles.sound.default': 'Default',
  'profiles.sound.urgent': 'Urgent',
  'profiles.hint': 'Everything lands in the list. "Breaks through" shows it during quiet hours, pause and snooze when urgent notifications are let through.',
  'profiles.sourceQuiet': 'Quiet hours for this source too',
  'snooze.title': 'Snooze',
  'snooze.off': 'Not snoozed.',
  'snooze.until': 'Snoozed until {time}.',
  'snooze.untilOn': 'Snoozed until you turn notifications back on.',
  'snooze.hour': 'For 1 hour',
  'snooze.morning': 'Until tomorrow morning',
  'snooze.offOnly': 'Until I turn them back on',
  'snooze.end': 'Turn back on',
  'snooze.sourceMenu': 'Snooze {source}',
  'snooze.sourceSnoozed': 'Snoozed',
  'markdown.image': 'Image: {alt} (open {host})',
  'settings.globalShortcut': 'A keyboard shortcut shows or hides Herald from anywhere',
  'settings.globalShortcutKeys': 'Shortcut (e.g. CommandOrControl+Shift+H)',
  'markdown.imageNoLink': '[Image: {alt}]',
  'settings.sound': 'Play a sound',
  'settings.startAtLogin': 'Start at login',
  'settings.startHidden': 'Start hidden in the tray',
  'settings.language': 'Language',
  'settings.language.system': 'Same as the system',
  'settings.language.en': 'English',
  'settings.language.zh-CN': '简体中文',
  'step.resolve': 'Find the server',
  'step.connect': 'Connect',
  'step.auth': 'Sign in',
  'step.stream': 'Receive events',
  'step.ok': 'OK',
  'step.failed': 'Failed',
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
  'error.generic': 'Something went wrong: {reason}',
  'error.details': 'Details',
} as const;

export type MessageKey = keyof typeof en;

/**
 * A message whose words depend on the count `{n}`, chosen with Intl.PluralRules ("1 attempt", "2 attempts").
 * English needs `one` and `other`; Chinese has one form, so its messages stay plain strings.
 */
type Plural = { readonly one: string; readonly other: string };
type Message = string | Plural;

const zh: Record<MessageKey, Message> = {
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

  'failed.title': '未能发送的操作',
  'failed.retry': '重试',
  'failed.discard': '放弃',
  'failed.reason': '原因：{reason}',
  'failed.attempts': '已尝试 {n} 次',

  'action.mark_read': '将“{title}”标为已读',
  'action.mark_all_read': '全部标为已读',
  'action.like': '赞“{title}”',
  'action.unlike': '取消赞“{title}”',
  'action.run_action': '发送“{title}”附带的请求',
  'action.comment': '评论“{title}”：{body}',
  'action.unknownItem': '条目 {id}',

  'list.markAllRead': '全部已读',
  'list.empty': '还没有通知。',
  'list.loading': '正在加载最近的通知… {done}',
  'list.loadingOf': '正在加载最近的通知… {done}/{total}',
  'list.emptyFiltered': '没有符合筛选条件的通知。',
  'list.count': '{shown} / {total}',
  'list.label': '通知列表',
  'item.noTitle': '（无标题）',
  'detail.showMore': '展开全文',
  'detail.showLess': '收起',
  'filter.all': '全部',
  'filter.unread': '未读',
  'filter.kind': '类型',
  'filter.kindAll': '全部类型',
  'filter.kindNotification': '通知',
  'filter.kindSystem': '系统消息',
  'filter.priority': '优先级',
  'filter.priorityAny': '任意优先级',
  'filter.priorityAtLeast': '优先级 ≥ {n}',
  'filter.search': '搜索',
  'filter.searchPlaceholder': '搜索通知',

  'item.unread': '未读',
  'item.system': '系统',
  'item.priority': '优先级 {n}',
  'item.pending': '等待同步',
  'item.level.info': '提示',
  'item.level.warning': '警告',
  'item.level.critical': '严重',
  'item.openLink': '打开链接',
  'item.openLinkTo': '打开 {host}',
  'extras.actions': '发送者附带的操作',
  'extras.view': '打开 {url}',
  'extras.http': '向 {url} 发送 {method} 请求',
  'extras.run': '发送…',
  'extras.confirmRun': '向 {host} 发送 {method} 请求？这是发送者附带的请求；Herald 只发送一次，离线时会在恢复连接后发送。',
  'extras.send': '发送',
  'extras.queued': '已加入队列',
  'extras.broadcast': 'Android 广播（桌面端不可用）',
  'extras.open': '打开',
  'extras.attachment': '附件',
  'extras.openAttachment': '打开附件',
  'extras.size': '{n} KB',
  'extras.icon': '图标（未加载）',
  'extras.iconAlt': '发送者的图标',
  'settings.images': '图片',
  'settings.imagesHint': '除非为某个来源允许，否则不会加载消息中的图片：加载图片会让其服务器知道你的 IP 地址以及你阅读消息的时间。',
  'settings.imagesFor': '加载来自 {source} 的图片',
  'settings.imagesNone': '还没有来源。',
  'extras.markdown': 'Markdown 格式，按纯文本显示',
  'extras.expires': '服务器将于 {time} 删除此消息',

  'detail.none': '选择一条通知，在这里查看详情。',
  'detail.close': '关闭',
  'detail.like': '赞',
  'detail.liked': '已赞',
  'detail.likes': '{n} 个赞',
  'detail.comments': '评论（{n}）',
  'detail.noComments': '还没有评论。',
  'detail.loadingComments': '正在加载评论…',
  'detail.commentsError': '无法加载评论：{reason}',
  'detail.commentsStale': '这些评论可能不是最新的：{reason}',
  'detail.writeComment': '写评论',
  'detail.send': '发送',
  'detail.commentPending': '发送中…',
  'detail.you': '我',
  'detail.tooLong': '评论最多 {n} 个字符。',

  'settings.title': '设置',
  'settings.sources': '消息源',
  'settings.demo': '内置演示服务器',
  'settings.demoExplain':
    '还没有设置消息源，Herald 会在本机运行一个小型演示服务器，发送示例通知。添加消息源即可连接到你自己的服务器。',
  'settings.addSource': '添加消息源',
  'settings.edit': '编辑',
  'settings.remove': '删除',
  'settings.save': '保存',
  'settings.cancel': '取消',
  'settings.test': '测试连接',
  'settings.testing': '正在测试…',
  'settings.testOk': '连接正常。',
  'settings.testFailed': '连接失败：{reason}',
  'settings.kind': '服务器类型',
  'settings.kind.herald': 'Herald 服务器',
  'settings.kind.nchan': 'Nchan',
  'settings.kind.ntfy': 'ntfy',
  'settings.url': '服务器地址（URL）',
  'settings.label': '名称',
  'settings.channels': '频道',
  'settings.topics': '主题',
  'settings.channelsHint': '多个请用逗号分隔。',
  'settings.username': '用户名',
  'settings.token': '访问令牌',
  'settings.password': '密码',
  'settings.secretSet': '已设置',
  'settings.secretKeep': '留空则保留已保存的值。',
  'settings.secretClear': '删除已保存的值',
  'settings.urlInvalid': '请输入 http:// 或 https:// 开头的地址（不含 ? 或 # 部分，最多 2048 个字符）。',
  'settings.insecureWarning':
    '此地址通过未加密的 http:// 连接到另一台计算机：令牌或密码将以明文传输，网络上的任何人都能读取。如果服务器支持，请使用 https://。',
  'settings.insecureConfirm': '仍然通过此未加密连接发送登录凭据',
  'settings.saved': '已保存。',
  'settings.transport': '连接方式',
  'settings.transport.auto': '自动（选择最佳方式）',
  'settings.transport.sse': '实时推送 (SSE)',
  'settings.transport.longpoll': '长轮询',
  'settings.transport.poll': '轮询',
  'settings.quietHours': '免打扰时段',
  'settings.quietEnabled': '在免打扰时段内静音通知',
  'settings.quietStart': '开始',
  'settings.quietEnd': '结束',
  'settings.quietUrgent': '允许紧急通知（优先级 5）提醒',
  'settings.general': '通用',

  'profiles.title': '通知配置',
  'profiles.for': '规则适用于',
  'profiles.allSources': '所有来源',
  'profiles.ownRules': '此来源使用自己的规则',
  'profiles.priority': '优先级',
  'profiles.toast': '弹出通知',
  'profiles.sound': '提示音',
  'profiles.badge': '计入角标',
  'profiles.breakThrough': '突破勿扰',
  'profiles.p1': '1 · 最低',
  'profiles.p2': '2 · 低',
  'profiles.p3': '3 · 默认',
  'profiles.p4': '4 · 高',
  'profiles.p5': '5 · 紧急',
  'profiles.sound.none': '无',
  'profiles.sound.default': '默认',
  'profiles.sound.urgent': '紧急',
  'profiles.hint': '所有通知都会进入列表。“突破勿扰”表示在允许紧急通知提醒时，免打扰时段、暂停和暂缓期间也会弹出。',
  'profiles.sourceQuiet': '此来源另设免打扰时段',
  'snooze.title': '暂缓',
  'snooze.off': '未暂缓。',
  'snooze.until': '已暂缓至 {time}。',
  'snooze.untilOn': '已暂缓，直到你重新开启通知。',
  'snooze.hour': '1 小时',
  'snooze.morning': '直到明天早上',
  'snooze.offOnly': '直到我重新开启',
  'snooze.end': '重新开启',
  'snooze.sourceMenu': '暂缓 {source}',
  'snooze.sourceSnoozed': '已暂缓',
  'markdown.image': '图片：{alt}（打开 {host}）',
  'settings.globalShortcut': '使用全局快捷键在任何地方显示或隐藏 Herald',
  'settings.globalShortcutKeys': '快捷键（例如 CommandOrControl+Shift+H）',
  'markdown.imageNoLink': '[图片：{alt}]',
  'settings.sound': '播放提示音',
  'settings.startAtLogin': '开机时启动',
  'settings.startHidden': '启动时隐藏到托盘',
  'settings.language': '语言',
  'settings.language.system': '跟随系统',
  'settings.language.en': 'English',
  'settings.language.zh-CN': '简体中文',
  'step.resolve': '查找服务器',
  'step.connect': '建立连接',
  'step.auth': '身份验证',
  'step.stream': '接收消息',
  'step.ok': '成功',
  'step.failed': '失败',
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
  'error.generic': '出错了：{reason}',
  'error.details': '详细信息',
};

const ERROR_WORDS: Record<Lang, Record<ErrorCode, string>> = {
  en: {
    network: 'the network cannot reach the server',
    timeout: 'the server took too long to answer',
    http: 'the server gave an unexpected answer',
    auth: 'the server refused the credentials',
    not_found: 'the address or channel was not found',
    gone: 'the channel no longer exists',
    server: 'the server had a problem',
    rate_limited: 'too many requests, waiting before trying again',
    bad_response: 'the server sent something Herald cannot read',
    stalled: 'the connection went silent',
    invalid_input: 'the server rejected the request as invalid',
    outbox_full: 'too many actions are waiting to be sent',
    store_corrupt: 'saved data could not be read and was set aside',
    insecure_storage: 'this system has no secure storage: tokens and passwords are saved unencrypted',
    forbidden: 'this is not allowed',
    credentials_address_changed: 'the address changed, so the saved token or password was not sent: enter it again, or remove it',
    busy: 'a connection test is already running: wait for it to finish',
    internal: 'an internal error happened',
  },
  'zh-CN': {
    network: '网络无法连接到服务器',
    timeout: '服务器响应超时',
    http: '服务器返回了意外的响应',
    auth: '服务器拒绝了登录凭据',
    not_found: '找不到该地址或频道',
    gone: '该频道已不存在',
    server: '服务器出现问题',
    rate_limited: '请求过于频繁，稍后重试',
    bad_response: '服务器返回了无法识别的数据',
    stalled: '连接没有响应',
    invalid_input: '服务器认为请求无效',
    outbox_full: '待发送的操作太多',
    store_corrupt: '保存的数据无法读取，已另行保存',
    insecure_storage: '此系统没有安全存储：令牌和密码以未加密方式保存',
    forbidden: '不允许此操作',
    credentials_address_changed: '地址已更改，已保存的令牌或密码不会发送：请重新输入，或将其删除',
    busy: '已有一个连接测试正在进行：请等待它完成',
    internal: '发生内部错误',
  },
};

const TABLES: Record<Lang, Record<MessageKey, Message>> = { en, 'zh-CN': zh };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** One rule for the window and the tray (src/shared/language.ts). */
export { resolveLanguage } from '../../../shared/language';

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralForm(lang: Lang, message: Plural, n: unknown): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(typeof n === 'number' ? n : Number(n)) === 'one' ? message.one : message.other;
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const message = TABLES[lang][key];
  const text = typeof message === 'string' ? message : pluralForm(lang, message, params?.n);
  if (!params) return text;
  // Parameters are plain text, substituted once: a `{x}` inside a value is never expanded again. Numbers are written
  // the reader's way ("100,000").
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();
/** A count with the language's digit grouping. */
export function formatNumber(lang: Lang, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })));
  return f.format(n);
}

export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/**
 * Server text inside one of our sentences, isolated (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE):
 * a right-to-left override in a title ("Invoice_\u202Efdp.exe") then stays inside the title and cannot reverse
 * the words around it. For strings (aria labels, titles); markup uses <bdi>.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** An error in plain words: the headline comes from the code, never from server text. */
export function errorWords(lang: Lang, error: Pick<ErrorInfo, 'code'>): string {
  return ERROR_WORDS[lang][error.code] ?? ERROR_WORDS[lang].internal;
}

const STATE_KEYS: Record<ConnectionState['kind'], MessageKey> = {
  open: 'conn.open',
  connecting: 'conn.connecting',
  backoff: 'conn.backoff',
  offline: 'conn.offline',
  paused: 'conn.paused',
  failed: 'conn.failed',
  stopped: 'conn.stopped',
};

/** The connection state in a few words, e.g. "已连接" or "Connection failed: the server refused the credentials". */
export function connectionWords(lang: Lang, state: ConnectionState): string {
  if (state.kind === 'failed') return translate(lang, 'conn.failedReason', { reason: errorWords(lang, state.error) });
  return translate(lang, STATE_KEYS[state.kind]);
}

/** A colour family for each state, used as a CSS class ("ok", "warn", "muted", "bad"). */
export type Tone = 'ok' | 'warn' | 'muted' | 'bad';
export function connectionTone(state: ConnectionState): Tone {
  switch (state.kind) {
    case 'open':
      return 'ok';
    case 'connecting':
    case 'backoff':
      return 'warn';
    case 'failed':
      return 'bad';
    default:
      return 'muted';
  }
}

/** One formatter per language and shape: building an Intl.DateTimeFormat costs far more than using one. */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(lang: Lang, sameDay: boolean): Intl.DateTimeFormat {
  const id = `${lang}|${sameDay ? 'time' : 'date'}`;
  let fmt = timeFormats.get(id);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat(lang, sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    timeFormats.set(id, fmt);
  }
  return fmt;
}

/** Dates and times in the reader's language; today's items show only the time. */
export function formatTime(lang: Lang, iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return timeFormat(lang, sameDay).format(d);
}
