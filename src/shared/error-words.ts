/**
 * The headline for each error code (./connection-state.ts), in English and Simplified Chinese: never server text.
 * One table for the window and the CLI's state line.
 */
import type { ErrorCode } from './connection-state';
import type { UiLanguage } from './language';

export const ERROR_WORDS: Record<UiLanguage, Record<ErrorCode, string>> = {
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
    store_newer: 'saved data was written by a newer version of Herald: it is read but not changed, and nothing new is added to it; update Herald',
    setting_reset: 'some saved settings could not be read and are back to their defaults (the old values are kept)',
    source_set_aside: 'a saved server could not be used and was set aside; the other servers are kept',
    insecure_storage: 'this system has no secure storage: tokens, passwords and encryption keys are saved unencrypted',
    forbidden: 'this is not allowed',
    credentials_address_changed: 'the address changed, so the saved token, password or encryption keys were not used: enter them again, or remove them',
    busy: 'a connection test is already running: wait for it to finish',
    action_changed: 'the sender’s request changed after you confirmed it, so it was not sent: look at the item and confirm it again',
    data_dir_in_use: 'another Herald process (a herald subscribe) is using this data folder: stop it, or queued actions may be sent twice',
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
    store_newer: '保存的数据由更新版本的 Herald 写入：只读取、不修改，也不会再添加内容；请更新 Herald',
    setting_reset: '部分已保存的设置无法读取，已恢复为默认值（原值已保留）',
    source_set_aside: '一个已保存的服务器无法使用，已另行保存；其他服务器均已保留',
    insecure_storage: '此系统没有安全存储：令牌、密码和加密密钥以未加密方式保存',
    forbidden: '不允许此操作',
    credentials_address_changed: '地址已更改，已保存的令牌、密码或加密密钥不会使用：请重新输入，或将其删除',
    busy: '已有一个连接测试正在进行：请等待它完成',
    action_changed: '发送者的请求在你确认之后发生了变化，因此没有发送：请查看该条目并重新确认',
    data_dir_in_use: '另一个 Herald 进程（herald subscribe）正在使用此数据文件夹：请停止它，否则排队的操作可能被发送两次',
    internal: '发生内部错误',
  },
};
