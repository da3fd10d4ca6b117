/**
 * "Start at login" on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart entry
 * (~/.config/autostart/herald.desktop). Plain Node; the folder is injected for tests.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { makeDirSync } from '../core/base/make-dir';

export function autostartDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
}

/** Quote one Exec argument as the Desktop Entry spec asks (§ "The Exec key"). */
function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(command: readonly string[], hidden: boolean): string {
  const exec = [...command, ...(hidden ? ['--hidden'] : [])].map(quoteArg).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Herald', 'Comment=Desktop notifications', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

export function setLinuxAutostart(options: { enabled: boolean; hidden: boolean; command: readonly string[]; dir?: string }): void {
  const dir = options.dir ?? autostartDir();
  const file = join(dir, 'herald.desktop');
  if (!options.enabled) {
    rmSync(file, { force: true });
    return;
  }
  makeDirSync(dir);
  writeFileSync(file, desktopEntry(options.command, options.hidden));
}
