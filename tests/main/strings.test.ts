import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../src/main/strings';

/** The shell's counts read like the window's: the language's plural form and its digit grouping. */
describe("the shell's words for counts", () => {
  const en = STRINGS.en;
  const zh = STRINGS['zh-CN'];

  it('chooses the English form by the plural rule, and groups digits', () => {
    expect(en.burst(1)).toBe('1 new notification');
    expect(en.burst(3)).toBe('3 new notifications');
    expect(en.actionsWaiting(1)).toBe('1 action waiting to sync');
    expect(en.actionsWaiting(12_000)).toBe('12,000 actions waiting to sync');
    expect(en.actionsFailed(2)).toBe('2 actions failed');
    expect(en.sourcesSnoozed(1)).toBe('1 source snoozed');
    expect(en.catchUp(1500)).toBe('1,500 notifications while you were away');
    expect(en.unread(1)).toBe('1 unread');
    expect(en.unread(0)).toBe('nothing unread');
  });

  it('has one Chinese form, with the same digit grouping', () => {
    expect(zh.burst(1)).toBe('1 条新通知');
    expect(zh.actionsWaiting(12_000)).toBe('12,000 个操作等待同步');
    expect(zh.catchUp(1500)).toBe('离开期间收到 1,500 条通知');
    expect(zh.unread(2)).toBe('2 条未读');
  });
});
