import { mkdirSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { resolve } from 'node:path';
import { badgeLabel, drawTrayIcon, type TrayIconState } from '../../../src/main/icons/tray-icon';
import { crc32, encodePng } from '../../../src/main/icons/png-encoder';
import type { RgbaImage } from '../../../src/main/icons/raster';

const OUT = resolve(import.meta.dirname, '../../../.artifacts/badges');
const ok = (unread: number): TrayIconState => ({ unread, connection: 'ok', paused: false });
const same = (a: RgbaImage, b: RgbaImage) => Buffer.from(a.data).equals(Buffer.from(b.data));
const px = (img: RgbaImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

/** Decode our own PNGs (filter 0 only) to check the encoder round-trips. */
function decode(png: Buffer): RgbaImage {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    expect(png.readUInt32BE(off + 8 + len)).toBe(crc32(png.subarray(off + 4, off + 8 + len)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) out.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  return { width, height, data: out };
}

/** Nearest-neighbour enlargement and side-by-side layout, so a person can judge 16 px icons on a screen. */
function sheet(images: RgbaImage[], zoom: number): RgbaImage {
  const cell = Math.max(...images.map((i) => i.width)) * zoom + 8;
  const width = cell * images.length;
  const data = new Uint8Array(width * cell * 4).fill(255);
  images.forEach((img, n) => {
    for (let y = 0; y < img.height * zoom; y++) {
      for (let x = 0; x < img.width * zoom; x++) {
        const [r, g, b, a] = px(img, Math.floor(x / zoom), Math.floor(y / zoom)) as [number, number, number, number];
        const i = ((y + 4) * width + n * cell + x + 4) * 4;
        // Over a mid-grey panel colour, like a typical tray.
        const bg = 60;
        data[i] = Math.round((r * a + bg * (255 - a)) / 255);
        data[i + 1] = Math.round((g * a + bg * (255 - a)) / 255);
        data[i + 2] = Math.round((b * a + bg * (255 - a)) / 255);
      }
    }
  });
  return { width, height: cell, data };
}

describe('tray icon with unread badge', () => {
  it('labels counts the way a person reads them: nothing at 0, digits to 99, then 99+', () => {
    expect([0, -3, 1, 9, 10, 99, 100, 120, 5000].map(badgeLabel)).toEqual(['', '', '1', '9', '10', '99', '99+', '99+', '99+']);
  });

  it('draws a different picture for each count and state, and the same "99+" for every count past 99', () => {
    for (const size of [16, 32, 64]) {
      const icons = [0, 1, 9, 10, 99, 120].map((n) => drawTrayIcon(ok(n), size));
      for (let i = 0; i < icons.length; i++) for (let j = i + 1; j < icons.length; j++) expect(same(icons[i]!, icons[j]!)).toBe(false);
      expect(same(drawTrayIcon(ok(120), size), drawTrayIcon(ok(100), size))).toBe(true);
      expect(same(drawTrayIcon(ok(120), size), drawTrayIcon(ok(100_000), size))).toBe(true);
      const offline = drawTrayIcon({ unread: 0, connection: 'offline', paused: false }, size);
      const paused = drawTrayIcon({ unread: 0, connection: 'ok', paused: true }, size);
      const error = drawTrayIcon({ unread: 0, connection: 'error', paused: false }, size);
      for (const other of [offline, paused, error]) expect(same(other, icons[0]!)).toBe(false);
    }
  });

  it('puts a red pill at the bottom right only when there is something unread, and greys the icon offline', () => {
    const none = drawTrayIcon(ok(0), 16);
    const seven = drawTrayIcon(ok(7), 16);
    // Bottom-right edge of the pill: red with a count, the blue square without.
    expect(px(seven, 15, 12)).toEqual([220, 38, 38, 255]);
    expect(px(none, 15, 12)).toEqual([37, 99, 235, 255]);
    // Centre of the bell is white online, pale grey offline; the background corner is grey offline.
    const offline = drawTrayIcon({ unread: 0, connection: 'offline', paused: false }, 16);
    expect(px(offline, 2, 8)).toEqual([107, 114, 128, 255]);
    expect(px(offline, 8, 8)).toEqual([229, 231, 235, 255]);
  });

  it('encodes valid PNGs and writes them to .artifacts/badges for a person to look at', () => {
    mkdirSync(OUT, { recursive: true });
    const variants: Array<[string, TrayIconState]> = [
      ...[0, 1, 9, 10, 99, 120].map((n): [string, TrayIconState] => [`count-${n}`, ok(n)]),
      ['offline', { unread: 0, connection: 'offline', paused: false }],
      ['offline-count-7', { unread: 7, connection: 'offline', paused: false }],
      ['paused-count-3', { unread: 3, connection: 'ok', paused: true }],
      ['error', { unread: 0, connection: 'error', paused: false }],
      ['paused-error-count-120', { unread: 120, connection: 'error', paused: true }],
    ];
    for (const size of [16, 32, 64]) {
      const images: RgbaImage[] = [];
      for (const [name, state] of variants) {
        const img = drawTrayIcon(state, size);
        const png = encodePng(img);
        const back = decode(png);
        expect(back.width).toBe(size);
        expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
        writeFileSync(resolve(OUT, `tray-${name}-${size}.png`), png);
        images.push(img);
      }
      writeFileSync(resolve(OUT, `sheet-${size}px-zoomed.png`), encodePng(sheet(images, Math.max(1, 128 / size))));
    }
  });
});
