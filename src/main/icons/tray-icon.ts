/**
 * The tray icon, drawn in code so it can carry the unread count: a white bell on a rounded square, a red pill with
 * the count at the bottom right ("99+" past 99, nothing at 0), grey when offline, a faded bell with a pause
 * mark while notifications are paused, and an amber dot when a source needs attention. Pure: returns RGBA pixels.
 */
import { GLYPH_HEIGHT, textPixels, textWidth } from './bitmap-font';
import { Canvas, circle, rect, roundedRect, union, type Color, type RgbaImage, type Shape } from './raster';

export type IconConnection = 'ok' | 'offline' | 'error';

export interface TrayIconState {
  unread: number;
  connection: IconConnection;
  paused: boolean;
}

const BLUE: Color = [37, 99, 235];
const GREY: Color = [107, 114, 128];
const WHITE: Color = [255, 255, 255];
const PALE: Color = [229, 231, 235];
const RED: Color = [220, 38, 38];
const AMBER: Color = [245, 158, 11];

/** What the pill says: '' (no pill) at 0, the number up to 99, then "99+". */
export function badgeLabel(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return '';
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

/** The bell, in the 16-unit design space: the tray icon, the app icon and the macOS template image all use it. */
export const bell: Shape = union(
  // dome, body flaring towards the rim, rim, clapper, knob
  (x, y) => y <= 6.5 && circle(8, 6.5, 3.6)(x, y),
  (x, y) => y >= 6.5 && y < 11 && Math.abs(x - 8) <= 3.6 + ((y - 6.5) / 4.5) * 1.6,
  roundedRect(2.4, 10.6, 13.6, 12.2, 0.6),
  circle(8, 13.2, 1.4),
  circle(8, 2.4, 1),
);

/** Draw the icon at `size` px (16, 32, 64…). */
export function drawTrayIcon(state: TrayIconState, size: number): RgbaImage {
  const canvas = new Canvas(size);
  const online = state.connection === 'ok';
  canvas.fill(roundedRect(0, 0, 16, 16, 3.5), online ? BLUE : GREY);
  // Paused: the bell fades and a pause mark sits at the top left (a slash through a bell is mush at 16 px).
  const bellColor = online ? WHITE : PALE;
  canvas.fill(bell, state.paused ? [bellColor[0], bellColor[1], bellColor[2], 120] : bellColor);

  if (state.paused) {
    canvas.cut(circle(3.5, 3.5, 4));
    canvas.fill(circle(3.5, 3.5, 3.2), WHITE);
    canvas.fill(union(rect(2, 2, 3, 5), rect(4, 2, 5, 5)), online ? BLUE : GREY);
  }

  if (state.connection === 'error') {
    canvas.cut(circle(12.5, 3.5, 4));
    canvas.fill(circle(12.5, 3.5, 3), AMBER);
  }

  const label = badgeLabel(state.unread);
  if (label) drawPill(canvas, label);
  return canvas.toImage();
}

/** The count pill, right-aligned at the bottom, cut out of the glyph by a one-unit transparent ring. */
function drawPill(canvas: Canvas, label: string): void {
  const textW = textWidth(label);
  const pillH = GLYPH_HEIGHT + 2;
  const pillW = Math.max(pillH, textW + 2);
  const x0 = 16 - pillW;
  const y0 = 16 - pillH;
  canvas.cut(roundedRect(x0 - 1, y0 - 1, 16, 16, pillH / 2 + 1));
  canvas.fill(roundedRect(x0, y0, 16, 16, pillH / 2), RED);
  const tx = x0 + (pillW - textW) / 2;
  const ty = y0 + 1;
  const lit = textPixels(label).map(([c, r]) => rect(tx + c, ty + r, tx + c + 1, ty + r + 1));
  canvas.fill(union(...lit), WHITE);
}
