/** Saved views: the list's view buttons and their editor in Settings. (English and Simplified Chinese; ../i18n.ts looks them up.) */
import type { Message } from './message';

export const en = {
  'views.label': 'Saved views',
  'views.all': 'All items',
  'views.count': { one: '{n} item', other: '{n} items' },
  'views.title': 'Saved views',
  'views.hint': 'A saved view is a button above the list that shows only the items you choose, with how many there are.',
  'views.none': 'No saved views yet.',
  'views.add': 'Add view',
  'views.name': 'Name',
  'views.sources': 'Sources (none ticked: all)',
  'views.unreadOnly': 'Unread only',
  'views.minPriority': 'Priority',
  'views.tags': 'Tags',
  'views.tagsHint': 'All of these tags; separate several with commas.',
  'views.save': 'Save view',
  'views.cancel': 'Cancel',
  'views.remove': 'Remove {name}',
  'views.nameNeeded': 'Give the view a name.',
  'views.saveFailed': 'The view could not be saved.',
} as const satisfies Record<string, Message>;

export const zh: Record<keyof typeof en, Message> = {
  'views.label': '已保存的视图',
  'views.all': '全部条目',
  'views.count': '{n} 条',
  'views.title': '已保存的视图',
  'views.hint': '已保存的视图是列表上方的一个按钮，只显示你选定的条目，并显示数量。',
  'views.none': '还没有已保存的视图。',
  'views.add': '添加视图',
  'views.name': '名称',
  'views.sources': '来源（不勾选：全部）',
  'views.unreadOnly': '仅未读',
  'views.minPriority': '优先级',
  'views.tags': '标签',
  'views.tagsHint': '须包含所有这些标签；多个标签用逗号分隔。',
  'views.save': '保存视图',
  'views.cancel': '取消',
  'views.remove': '移除 {name}',
  'views.nameNeeded': '请为视图命名。',
  'views.saveFailed': '无法保存视图。',
};
