/**
 * What `herald doctor` says, in English and Simplified Chinese (from LANG / LC_ALL / LC_MESSAGES, like the CLI's
 * outbox words). One table, so both languages say the same things. Raw error text never replaces these words: a
 * check that fails says which kind of failure it was, in words, and at most names a code (e.g. a certificate error's).
 */
import type { ErrorCode, TransportKind } from '../shared/connection-state';
import type { UiLanguage } from '../shared/language';

export interface DoctorWords {
  checking(url: string): string;
  ok: string;
  problem: string;
  note: string;
  dnsOk(host: string, addresses: string): string;
  dnsFailed(host: string): string;
  tcpOk(address: string): string;
  tcpRefused(address: string): string;
  tcpTimeout(address: string, seconds: number): string;
  tcpFailed(address: string, code: string): string;
  tlsOk(host: string): string;
  tlsExpired(host: string): string;
  tlsUntrusted(host: string): string;
  tlsWrongName(host: string): string;
  tlsFailed(host: string, code: string): string;
  transportOk(kind: TransportKind, ms: number): string;
  /** The stream opened and its first frame came, but no keepalive came in the time given: buffering not ruled out. */
  streamQuiet(seconds: number): string;
  /** Headers came, then nothing (or the stream stopped after its first bytes): something holds it back. */
  streamHeld: string;
  /** Frames came late and all at once: a buffering proxy. */
  streamBurst: string;
  transportSilent(kind: TransportKind, seconds: number): string;
  transportFailed(kind: TransportKind, reason: string): string;
  /** The words for an error category (never the server's own text). */
  reason(code: ErrorCode, status: number | undefined): string;
  clockOk(seconds: number): string;
  clockSkewed(seconds: number): string;
  clockUnknown: string;
  verdict(status: number): string;
}

const KIND_NAME: Record<TransportKind, string> = { sse: 'SSE', longpoll: 'long-poll', poll: 'poll' };

const EN: DoctorWords = {
  checking: (url) => `herald doctor: checking ${url}`,
  ok: 'ok',
  problem: 'PROBLEM',
  note: 'note',
  dnsOk: (host, addresses) => `the name ${host} resolves (${addresses})`,
  dnsFailed: (host) => `the name ${host} could not be found (DNS): check the spelling, or the network's name server`,
  tcpOk: (address) => `${address} accepts connections`,
  tcpRefused: (address) => `nothing is listening at ${address} (connection refused): is the server running, on this port?`,
  tcpTimeout: (address, seconds) => `no answer from ${address} in ${seconds} s: a firewall, or the host is down`,
  tcpFailed: (address, code) => `cannot connect to ${address} (${code})`,
  tlsOk: (host) => `the TLS certificate of ${host} is valid and trusted`,
  tlsExpired: (host) => `the TLS certificate of ${host} has expired (or is not valid yet: check this computer's clock too)`,
  tlsUntrusted: (host) => `the TLS certificate of ${host} is not signed by an authority this computer trusts (self-signed, or a proxy inspecting traffic)`,
  tlsWrongName: (host) => `the TLS certificate does not name ${host}: the address may be wrong`,
  tlsFailed: (host, code) => `the secure connection to ${host} failed (${code})`,
  transportOk: (kind, ms) => `${KIND_NAME[kind]} works (first answer after ${ms} ms)`,
  streamQuiet: (seconds) => `SSE opened and its first frame came at once, but no keepalive came in ${seconds} s: cannot tell whether a proxy buffers it (give a longer --wait)`,
  streamHeld: 'SSE is held back on the way: the stream opened, then nothing more arrived (a proxy buffering the stream); Herald falls back to long-poll, which is slower',
  streamBurst: 'SSE arrives in late bursts (a proxy buffering the stream): notifications would come late; Herald falls back to long-poll',
  transportSilent: (kind, seconds) => `${KIND_NAME[kind]} got no answer in ${seconds} s`,
  transportFailed: (kind, reason) => `${KIND_NAME[kind]} does not work: ${reason}`,
  reason: (code, status) => {
    const s = status ? ` (HTTP ${status})` : '';
    switch (code) {
      case 'auth':
        return `the server refused the credentials${s}: check --token, or --user and its password`;
      case 'forbidden':
        return `the server does not allow these credentials here${s}`;
      case 'not_found':
        return `nothing was found at this address${s}: check the URL and --source`;
      case 'gone':
        return `the channel no longer exists${s}`;
      case 'rate_limited':
        return `the server asked to slow down${s}`;
      case 'server':
        return `the server had a problem${s}`;
      case 'bad_response':
        return `the server answered in a way Herald cannot read${s}: is this the right --source?`;
      case 'network':
      case 'timeout':
      case 'stalled':
        return 'the connection broke or timed out';
      default:
        return `the server gave an unexpected answer${s}`;
    }
  },
  clockOk: (seconds) => `this computer's clock agrees with the server's (within ${seconds} s)`,
  clockSkewed: (seconds) =>
    `this computer's clock is ${Math.abs(seconds)} s ${seconds > 0 ? 'behind' : 'ahead of'} the server's: times shown will be off, and TLS may fail; turn on automatic time`,
  clockUnknown: 'the server sent no Date header: clock not compared',
  verdict: (status) => (status === 0 ? 'all checks passed' : `something is wrong (exit status ${status}; see herald doctor --help)`),
};

const ZH_KIND: Record<TransportKind, string> = { sse: 'SSE', longpoll: '长轮询', poll: '轮询' };

const ZH: DoctorWords = {
  checking: (url) => `herald doctor：正在检查 ${url}`,
  ok: '正常',
  problem: '问题',
  note: '注意',
  dnsOk: (host, addresses) => `域名 ${host} 可以解析（${addresses}）`,
  dnsFailed: (host) => `找不到域名 ${host}（DNS）：请检查拼写或网络的域名服务器`,
  tcpOk: (address) => `${address} 接受连接`,
  tcpRefused: (address) => `${address} 上没有程序在监听（连接被拒绝）：服务器是否在运行、端口是否正确？`,
  tcpTimeout: (address, seconds) => `${address} 在 ${seconds} 秒内没有应答：可能是防火墙，或主机已关闭`,
  tcpFailed: (address, code) => `无法连接到 ${address}（${code}）`,
  tlsOk: (host) => `${host} 的 TLS 证书有效且受信任`,
  tlsExpired: (host) => `${host} 的 TLS 证书已过期（或尚未生效：也请检查本机时钟）`,
  tlsUntrusted: (host) => `${host} 的 TLS 证书不是由本机信任的机构签发的（自签名，或有代理在检查流量）`,
  tlsWrongName: (host) => `TLS 证书上的名称不是 ${host}：地址可能有误`,
  tlsFailed: (host, code) => `与 ${host} 的安全连接失败（${code}）`,
  transportOk: (kind, ms) => `${ZH_KIND[kind]} 可用（${ms} 毫秒后收到第一个应答）`,
  streamQuiet: (seconds) => `SSE 已打开且立即收到第一帧，但 ${seconds} 秒内没有收到保活消息：无法判断是否有代理在缓冲（请给出更长的 --wait）`,
  streamHeld: 'SSE 在途中被扣住：流已打开，之后再没有收到任何内容（有代理在缓冲这个流）；Herald 会改用较慢的长轮询',
  streamBurst: 'SSE 的内容迟迟才成批到达（有代理在缓冲这个流）：通知会延迟；Herald 会改用长轮询',
  transportSilent: (kind, seconds) => `${ZH_KIND[kind]} 在 ${seconds} 秒内没有应答`,
  transportFailed: (kind, reason) => `${ZH_KIND[kind]} 不可用：${reason}`,
  reason: (code, status) => {
    const s = status ? `（HTTP ${status}）` : '';
    switch (code) {
      case 'auth':
        return `服务器拒绝了凭据${s}：请检查 --token，或 --user 及其密码`;
      case 'forbidden':
        return `服务器不允许这些凭据访问这里${s}`;
      case 'not_found':
        return `这个地址上什么也没有${s}：请检查 URL 和 --source`;
      case 'gone':
        return `该频道已不存在${s}`;
      case 'rate_limited':
        return `服务器要求放慢请求${s}`;
      case 'server':
        return `服务器出了问题${s}`;
      case 'bad_response':
        return `服务器的应答 Herald 无法读取${s}：--source 是否正确？`;
      case 'network':
      case 'timeout':
      case 'stalled':
        return '连接中断或超时';
      default:
        return `服务器给出了意外的应答${s}`;
    }
  },
  clockOk: (seconds) => `本机时钟与服务器一致（相差不超过 ${seconds} 秒）`,
  clockSkewed: (seconds) => `本机时钟比服务器${seconds > 0 ? '慢' : '快'} ${Math.abs(seconds)} 秒：显示的时间会不准，TLS 也可能失败；请开启自动对时`,
  clockUnknown: '服务器没有发送 Date 头：未比较时钟',
  verdict: (status) => (status === 0 ? '所有检查均通过' : `有问题（退出状态 ${status}；见 herald doctor --help）`),
};

const WORDS: Record<UiLanguage, DoctorWords> = { en: EN, 'zh-CN': ZH };

export function doctorWords(lang: UiLanguage): DoctorWords {
  return WORDS[lang];
}
