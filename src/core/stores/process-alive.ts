import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';

/** Whether a process with this pid runs (EPERM: it exists but belongs to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Slack for the comparisons below: the boot time is known to about a second, a process's start to a clock tick, and
 * a holder writes its lock a moment after it started. A reused pid is minutes to days younger than the lock it names.
 */
const SLACK_MS = 5_000;

/**
 * Whether `pid` cannot be the process that wrote something at `writtenAt` (ms since the epoch): it was written before
 * the machine last started (any pid then is another process), or — on Linux, where /proc tells a process's start —
 * the process now under that pid started after it was written (the pid was reused: after a reboot, in a restarted
 * container, or once pids wrap around). False when unknown: only a proven reuse counts.
 */
export function startedAfter(pid: number, writtenAt: number): boolean {
  if (!Number.isFinite(writtenAt)) return false;
  const bootedAt = Date.now() - uptime() * 1000;
  if (writtenAt < bootedAt - SLACK_MS) return true;
  const started = linuxStartTime(pid);
  return started !== null && started > writtenAt + SLACK_MS;
}

/**
 * When a process started (ms since the epoch), from /proc: field 22 of /proc/<pid>/stat is its start in clock ticks
 * since boot (USER_HZ, 100 on every Linux ABI Node runs on), /proc/stat's `btime` the boot in seconds. Null elsewhere.
 */
function linuxStartTime(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or ")": count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!btime || !Number.isFinite(ticks)) return null;
    return Number(btime[1]) * 1000 + ticks * 10;
  } catch {
    return null;
  }
}
