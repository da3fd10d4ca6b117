/**
 * Herald's other icons, drawn from the tray's bell so every place shows the same mark:
 * - the app icon (installers, window, dock): the white bell on a blue rounded square with margins, as desktop
 *   icon grids expect, and a red dot for "something new" — `scripts/icons.ts` renders its 1024 px master;
 * - the macOS menu-bar template image: black with alpha only, so macOS paints it for light and dark menu bars
 *   (the unread count goes next to it as the tray's title);
 * - the Windows taskbar overlay: the unread count on a red disc, drawn over the app's taskbar button.
 * Pure: each returns RGBA pixels.
 */
import { GLYPH_HEIGHT, textPixels, textWidth } from './bitmap-font';
import { Canvas, circle, rect, roundedRect, scaled, union, type Color, type RgbaImage } from './raster';
import { badgeLabel, bell, type TrayIconState } from './tray-icon';

const BLUE: Color = [37, 99, 235];
const WHITE: Color = [255, 255, 255];
const RED: Color = [220, 38, 38];
const BLACK: Color = [0, 0, 0];

/** The app icon at `size` px (16–1024). */
export function drawAppIcon(size: number): RgbaImage {
  const canvas = new Canvas(size);
  // About 1/12 of the width as margin on every side, like the macOS and GNOME icon grids.
  canvas.fill(roundedRect(1.3, 1.3, 14.7, 14.7, 3), BLUE);
  const appBell = scaled(bell, 0.68, 8, 8.1);
  canvas.fill(appBell, WHITE);
  canvas.cut(circle(10.7, 4.9, 1.75));
  canvas.fill(circle(10.7, 4.9, 1.3), RED);
  return canvas.toImage();
}

/**
 * The menu-bar template image (macOS): the bell alone in black; offline greys it to half alpha, paused fades it
 * and adds a pause mark, a source needing attention cuts a dot out of its top right.
 */
export function drawTrayTemplate(state: Pick<TrayIconState, 'connection' | 'paused'>, size: number): RgbaImage {
  const canvas = new Canvas(size);
  const alpha = state.paused ? 110 : state.connection === 'offline' ? 130 : 255;
  canvas.fill(bell, [BLACK[0], BLACK[1], BLACK[2], alpha]);
  if (state.paused) {
    canvas.cut(circle(3.5, 3.5, 4));
    canvas.fill(union(rect(1.5, 1, 3, 6), rect(4, 1, 5.5, 6)), BLACK);
  }
  if (state.connection === 'error') {
    canvas.cut(circle(12.5, 3.5, 4));
    canvas.fill(circle(12.5, 3.5, 2.6), BLACK);
  }
  return canvas.toImage();
}

/** The Windows taskbar overlay for `unread` (null at 0: no overlay). A lone digit is drawn twice as large. */
export function drawOverlayIcon(unread: number, size: number): RgbaImage | null {
  const label = badgeLabel(unread);
  if (!label) return null;
  const canvas = new Canvas(size);
  canvas.fill(circle(8, 8, 8), RED);
  const k = label.length === 1 ? 2 : 1;
  const w = textWidth(label) * k;
  const h = GLYPH_HEIGHT * k;
  // Whole design units, so the strokes land on whole pixels at 16 px.
  const tx = Math.floor((16 - w) / 2);
  const ty = Math.floor((16 - h) / 2);
  const lit = textPixels(label).map(([c, r]) => rect(tx + c * k, ty + r * k, tx + (c + 1) * k, ty + (r + 1) * k));
  canvas.fill(union(...lit), WHITE);
  return canvas.toImage();
}
