/**
 * `npm run icons`: renders build/icon.png, the 1024 px app icon master from which electron-builder derives the
 * .icns, .ico and Linux icon sizes, with the same code that draws the tray. Run it after changing the drawing and
 * commit the PNG. `--preview DIR` also writes every tray, template and overlay variant there, to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drawAppIcon, drawOverlayIcon, drawTrayTemplate } from '../src/main/icons/app-icons';
import { encodePng } from '../src/main/icons/png-encoder';
import { drawTrayIcon } from '../src/main/icons/tray-icon';

const root = resolve(import.meta.dirname, '..');
const master = join(root, 'build/icon.png');
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(master, encodePng(drawAppIcon(1024)));
process.stdout.write(`wrote ${master}\n`);

const at = process.argv.indexOf('--preview');
if (at > 0) {
  const dir = resolve(process.argv[at + 1] ?? 'icon-preview');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, png: Buffer) => writeFileSync(join(dir, name), png);
  for (const size of [16, 32, 64, 256]) write(`app-${size}.png`, encodePng(drawAppIcon(size)));
  for (const connection of ['ok', 'offline', 'error'] as const) {
    for (const paused of [false, true]) {
      const name = `${connection}${paused ? '-paused' : ''}`;
      write(`tray-${name}-32.png`, encodePng(drawTrayIcon({ unread: 7, connection, paused }, 32)));
      write(`tray-${name}Template.png`, encodePng(drawTrayTemplate({ connection, paused }, 16)));
      write(`tray-${name}Template@2x.png`, encodePng(drawTrayTemplate({ connection, paused }, 32)));
    }
  }
  for (const n of [3, 42, 150]) write(`overlay-${n}-32.png`, encodePng(drawOverlayIcon(n, 32)!));
  process.stdout.write(`wrote previews to ${dir}\n`);
}
