import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { drawAppIcon, drawOverlayIcon, drawTrayTemplate } from '../../../src/main/icons/app-icons';
import { encodePng } from '../../../src/main/icons/png-encoder';
import type { RgbaImage } from '../../../src/main/icons/raster';

const alphaAt = (img: RgbaImage, x: number, y: number) => img.data[(y * img.width + x) * 4 + 3]!;
const rgbAt = (img: RgbaImage, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3)];

describe('app icons drawn from the tray bell', () => {
  it('build/icon.png is exactly what the code draws at 1024 px (run `npm run icons` after changing the drawing)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../../build/icon.png'));
    expect(committed.equals(encodePng(drawAppIcon(1024)))).toBe(true);
  });

  it('the app icon is a blue square with transparent margins and a white bell in the middle', () => {
    const img = drawAppIcon(64);
    expect(alphaAt(img, 1, 1)).toBe(0);
    expect(alphaAt(img, 32, 62)).toBe(0);
    expect(rgbAt(img, 10, 32)).toEqual([37, 99, 235]);
    expect(rgbAt(img, 32, 36)).toEqual([255, 255, 255]);
  });

  it('the macOS template image is black and alpha only, at 1x and 2x; offline and paused fade it', () => {
    for (const size of [16, 32]) {
      for (const state of [{ connection: 'ok', paused: false }, { connection: 'error', paused: true }] as const) {
        const img = drawTrayTemplate(state, size);
        for (let i = 0; i < img.data.length; i += 4) if (img.data[i + 3]! > 0) expect([img.data[i], img.data[i + 1], img.data[i + 2]]).toEqual([0, 0, 0]);
      }
    }
    const centre = (s: Parameters<typeof drawTrayTemplate>[0]) => alphaAt(drawTrayTemplate(s, 32), 16, 18);
    expect(centre({ connection: 'ok', paused: false })).toBe(255);
    expect(centre({ connection: 'offline', paused: false })).toBeLessThan(200);
    expect(centre({ connection: 'ok', paused: true })).toBeLessThan(200);
  });

  it('the Windows overlay is nothing at 0 and a red disc with the count otherwise', () => {
    expect(drawOverlayIcon(0, 16)).toBeNull();
    const img = drawOverlayIcon(3, 16)!;
    expect(rgbAt(img, 8, 1)).toEqual([220, 38, 38]);
    expect(alphaAt(img, 0, 0)).toBe(0);
  });
});
