/**
 * The window's log lines (`herald:log`), after the sender check every channel has (ipc-main.ts): the level must be
 * one of the four, the message a string, cut at RENDERER_LOG_MAX_LENGTH; at most RENDERER_LOG_PER_MINUTE lines a
 * minute are taken (a page looping on an error must not fill the disk or drown main's own lines), and the next
 * minute starts with one line saying how many were dropped. The logger redacts what it writes.
 */
import type { Logger } from '../../core/base/log';
import { RENDERER_LOG_LEVELS, RENDERER_LOG_MAX_LENGTH, type RendererLogLevel } from '../../shared/ipc-contract';
import { invalidInput } from '../errors';

export const RENDERER_LOG_PER_MINUTE = 60;
const MINUTE_MS = 60_000;

export function createRendererLog(deps: { logger: Logger; now: () => number }): (level: unknown, message: unknown) => void {
  const log = deps.logger.child('renderer');
  let windowStart = -Infinity;
  let taken = 0;
  let dropped = 0;
  return (level, message) => {
    if (typeof level !== 'string' || !(RENDERER_LOG_LEVELS as readonly string[]).includes(level)) throw invalidInput(`level must be one of ${RENDERER_LOG_LEVELS.join(', ')}`);
    if (typeof message !== 'string') throw invalidInput('message must be a string');
    const now = deps.now();
    if (now - windowStart >= MINUTE_MS) {
      if (dropped > 0) log.warn(`dropped ${dropped} window log lines (more than ${RENDERER_LOG_PER_MINUTE} a minute)`);
      windowStart = now;
      taken = 0;
      dropped = 0;
    }
    if (taken >= RENDERER_LOG_PER_MINUTE) {
      dropped++;
      return;
    }
    taken++;
    const text = message.length > RENDERER_LOG_MAX_LENGTH ? `${message.slice(0, RENDERER_LOG_MAX_LENGTH)}… (cut)` : message;
    log[level as RendererLogLevel](text);
  };
}
