import type { UiLanguage } from '../../shared/language';
import { readFileSync } from 'node:fs';
import { isRefusedCredential, type TransportKind } from '../../shared/connection-state';
import { createSource } from '../../core/sources';
import { numberOption, parse } from '../args';
import { cliLanguage, type CliIO } from '../io';
import { doctorWords, type DoctorWords } from '../doctor-words';
import { checkNetwork, checkTls, checkTransport, dateRecordingFetch, portOf, type TransportVerdict } from '../doctor-checks';
import { warnOpenKeyFile } from '../key-flags';
import { promptPasswords, sourceFromFlags, SOURCE_FLAGS, warnVisiblePassword } from '../source-flags';

/** Exit statuses, one per kind of failure (documented in HELP and the README; tests/cli/doctor.test.ts). */
export const DOCTOR_STATUS = {
  healthy: 0,
  unreachable: 3,
  tls: 4,
  auth: 5,
  streaming: 6,
  clock: 7,
  noTransport: 8,
} as const;

/** More than this between the clocks is reported: a Date header has whole seconds, and a slow answer adds some. */
const MAX_SKEW_SECONDS = 30;

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald doctor --server URL [options]

Check, in words, whether Herald can receive from a server through this network: the name (DNS), the TCP connection
(refused, no answer), TLS for https (expired, untrusted, wrong name), the credentials, which transports work (SSE:
does the stream deliver its first frame at once and keep flowing, or does a proxy hold it back or pass it in late
bursts; long-poll; poll), and this computer's clock against the server's Date header. Words follow LANG (en, zh-CN).
  --server URL        the server (or HERALD_SERVER)
  --source KIND       herald (default) | nchan | ntfy
  --channel NAME      Nchan channel or ntfy topic (repeatable; required for nchan and ntfy)
  --token TOKEN       bearer token (or HERALD_TOKEN)
  --user U            basic auth (ntfy); the password from HERALD_PASSWORD, --password-file FILE or a prompt
  --wait S            how long each check may take, seconds (default 20); a longer wait tells buffering apart
                      from a server whose keepalive is slow

Exit status (the first that applies):
  0  healthy: every check passed
  3  unreachable: the name does not resolve, the connection is refused, or there is no answer
  4  TLS: the certificate is expired, untrusted or for another name
  5  credentials refused: the server answered 401 or 403
  8  the server answers, but no transport works (wrong URL or --source, server errors)
  6  streaming blocked or buffered: SSE does not work through this network (long-poll or poll still does)
  7  clock skew: this computer's clock differs from the server's by more than ${MAX_SKEW_SECONDS} s
  2  usage error`,
  'zh-CN': `用法：herald doctor --server URL [options]

用文字检查 Herald 能否通过当前网络从某个服务器接收消息：域名解析（DNS）、TCP 连接
（被拒绝、无应答）、https 的 TLS（已过期、不受信任、名称不符）、凭据、哪些传输方式可用（SSE：
流是否立即送达第一帧并持续不断，还是被代理扣住或延迟成批放行；长轮询；轮询），
以及本机时钟与服务器 Date 头的对比。文字随 LANG 而定（en、zh-CN）。
  --server URL        服务器（或 HERALD_SERVER）
  --source KIND       herald（默认）| nchan | ntfy
  --channel NAME      Nchan 频道或 ntfy 主题（可重复；nchan 和 ntfy 必填）
  --token TOKEN       Bearer 令牌（或 HERALD_TOKEN）
  --user U            基本认证（ntfy）；密码取自 HERALD_PASSWORD、--password-file FILE 或提示输入
  --wait S            每项检查最多等待的秒数（默认 20）；等得更久才能把缓冲
                      与保活间隔较长的服务器区分开

退出状态（取第一个符合的）：
  0  正常：每项检查都通过
  3  无法连接：域名无法解析、连接被拒绝，或没有应答
  4  TLS：证书已过期、不受信任或属于另一个名称
  5  凭据被拒绝：服务器回答 401 或 403
  8  服务器有应答，但没有一种传输方式可用（URL 或 --source 有误、服务器出错）
  6  流被阻断或缓冲：SSE 无法穿过当前网络（长轮询或轮询仍可用）
  7  时钟偏差：本机时钟与服务器相差超过 ${MAX_SKEW_SECONDS} 秒
  2  用法错误`,
};

export async function doctor(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { ...SOURCE_FLAGS, wait: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(HELP[cliLanguage(io.env)]);
    return 0;
  }
  warnVisiblePassword(values, io);
  warnOpenKeyFile(values, io);
  const config = sourceFromFlags(values, io.env, (p) => readFileSync(p, 'utf8'));
  await promptPasswords([config], io);
  const waitMs = Math.round((numberOption(values.wait, 'wait', 0.5, 600) ?? 20) * 1000);
  const words = doctorWords(cliLanguage(io.env));
  const say = new Report(io, words);
  const url = new URL(config.url);
  io.out(words.checking(`${url.origin}${url.pathname === '/' ? '' : url.pathname}`));

  const network = await checkNetwork(url, Math.min(waitMs, 10_000));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!network.ok) {
    if (network.stage === 'dns') say.problem(words.dnsFailed(host));
    else if (network.code === 'ECONNREFUSED') say.problem(words.tcpRefused(network.address));
    else if (network.code === 'ETIMEDOUT') say.problem(words.tcpTimeout(network.address, Math.round(Math.min(waitMs, 10_000) / 1000)));
    else say.problem(words.tcpFailed(network.address, network.code));
    return say.end(DOCTOR_STATUS.unreachable);
  }
  if (network.addresses[0] !== host) say.ok(words.dnsOk(host, network.addresses.join(', ')));
  say.ok(words.tcpOk(`${host}:${portOf(url)}`));

  if (url.protocol === 'https:') {
    const tls = await checkTls(url, Math.min(waitMs, 10_000));
    if (tls) {
      const text = { expired: words.tlsExpired, untrusted: words.tlsUntrusted, wrong_name: words.tlsWrongName }[tls.problem as string];
      say.problem(text ? text(host) : words.tlsFailed(host, tls.code));
      return say.end(DOCTOR_STATUS.tls);
    }
    say.ok(words.tlsOk(host));
  }

  // The same Source the app and `herald subscribe` build, so the requests are theirs; a long-poll answers at once.
  const clock = dateRecordingFetch(globalThis.fetch);
  const source = createSource(config, { fetch: clock.fetch, herald: { longPollSeconds: 1 } });
  const verdicts: TransportVerdict[] = [];
  for (const kind of source.transports) {
    const verdict = await checkTransport(source, kind, waitMs);
    verdicts.push(verdict);
    say.transport(verdict, waitMs);
    // Refused credentials are refused on every transport: one line says it.
    if (verdict.result === 'failed' && isRefusedCredential(verdict.error)) return say.end(DOCTOR_STATUS.auth);
  }

  const skew = clock.skewSeconds();
  if (skew === null) say.note(words.clockUnknown);
  else if (Math.abs(skew) > MAX_SKEW_SECONDS) say.problem(words.clockSkewed(skew));
  else say.ok(words.clockOk(MAX_SKEW_SECONDS));

  const works = (k: TransportKind): boolean => verdicts.some((v) => v.kind === k && (v.result === 'ok' || v.result === 'quiet'));
  if (!source.transports.some(works)) return say.end(DOCTOR_STATUS.noTransport);
  if (source.transports.includes('sse') && !works('sse')) return say.end(DOCTOR_STATUS.streaming);
  if (skew !== null && Math.abs(skew) > MAX_SKEW_SECONDS) return say.end(DOCTOR_STATUS.clock);
  return say.end(DOCTOR_STATUS.healthy);
}

/** One line per check on stdout, "ok:", "PROBLEM:" or "note:" first; the verdict last (stderr when it is not 0). */
class Report {
  constructor(
    private readonly io: CliIO,
    private readonly words: DoctorWords,
  ) {}

  ok(text: string): void {
    this.io.out(`  ${this.words.ok}: ${text}`);
  }

  problem(text: string): void {
    this.io.out(`  ${this.words.problem}: ${text}`);
  }

  note(text: string): void {
    this.io.out(`  ${this.words.note}: ${text}`);
  }

  transport(v: TransportVerdict, waitMs: number): void {
    const seconds = Math.round(waitMs / 1000);
    switch (v.result) {
      case 'ok':
        return this.ok(this.words.transportOk(v.kind, v.ms));
      case 'quiet':
        return this.note(this.words.streamQuiet(seconds));
      case 'held':
        return this.problem(this.words.streamHeld);
      case 'burst':
        return this.problem(this.words.streamBurst);
      case 'silent':
        return this.problem(this.words.transportSilent(v.kind, seconds));
      case 'failed':
        return this.problem(this.words.transportFailed(v.kind, this.words.reason(v.error.code, v.error.status)));
    }
  }

  end(status: number): number {
    if (status === 0) this.io.out(this.words.verdict(status));
    else this.io.err(this.words.verdict(status));
    return status;
  }
}
