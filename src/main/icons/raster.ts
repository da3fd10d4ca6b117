/**
 * A tiny RGBA rasteriser for icons: shapes are predicates in a 16-unit design space, filled with 4×4 supersampling
 * so curves are smooth from 16 px tray icons to the 1024 px app icon master. Internally premultiplied floats; `toImage` gives straight-alpha RGBA.
 */
export interface RgbaImage {
  width: number;
  height: number;
  /** Straight (not premultiplied) RGBA, row by row, top-left first. */
  data: Uint8Array;
}

export type Shape = (x: number, y: number) => boolean;
export type Color = readonly [r: number, g: number, b: number, a?: number];

export const DESIGN_SIZE = 16;
const SAMPLES = 4;

export class Canvas {
  readonly size: number;
  readonly #px: Float32Array;
  readonly #scale: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 8 || size > 1024) throw new Error(`icon size must be an integer 8–1024, got ${size}`);
    this.size = size;
    this.#scale = size / DESIGN_SIZE;
    this.#px = new Float32Array(size * size * 4);
  }

  /** Fraction of pixel (px, py) inside `shape`. */
  #coverage(shape: Shape, px: number, py: number): number {
    let hits = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = (px + (sx + 0.5) / SAMPLES) / this.#scale;
        const y = (py + (sy + 0.5) / SAMPLES) / this.#scale;
        if (shape(x, y)) hits++;
      }
    }
    return hits / (SAMPLES * SAMPLES);
  }

  /** Paint `color` over what is there, where `shape` covers. */
  fill(shape: Shape, color: Color): void {
    const a = (color[3] ?? 255) / 255;
    for (let py = 0; py < this.size; py++) {
      for (let px = 0; px < this.size; px++) {
        const cov = this.#coverage(shape, px, py) * a;
        if (cov === 0) continue;
        const i = (py * this.size + px) * 4;
        this.#px[i] = (color[0] / 255) * cov + this.#px[i]! * (1 - cov);
        this.#px[i + 1] = (color[1] / 255) * cov + this.#px[i + 1]! * (1 - cov);
        this.#px[i + 2] = (color[2] / 255) * cov + this.#px[i + 2]! * (1 - cov);
        this.#px[i + 3] = cov + this.#px[i + 3]! * (1 - cov);
      }
    }
  }

  /** Make the area of `shape` transparent (a gap that separates a badge from the glyph beneath). */
  cut(shape: Shape): void {
    for (let py = 0; py < this.size; py++) {
      for (let px = 0; px < this.size; px++) {
        const keep = 1 - this.#coverage(shape, px, py);
        if (keep === 1) continue;
        for (let c = 0; c < 4; c++) this.#px[(py * this.size + px) * 4 + c]! *= keep;
      }
    }
  }

  toImage(): RgbaImage {
    const data = new Uint8Array(this.size * this.size * 4);
    for (let i = 0; i < data.length; i += 4) {
      const a = this.#px[i + 3]!;
      if (a <= 0) continue;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(Math.min(1, this.#px[i + c]! / a) * 255);
      data[i + 3] = Math.round(Math.min(1, a) * 255);
    }
    return { width: this.size, height: this.size, data };
  }
}

// —— shapes (design units) ——

export const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

export const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;

export function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  const rr = Math.min(r, (x1 - x0) / 2, (y1 - y0) / 2);
  return (x, y) => {
    if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
    const cx = Math.min(Math.max(x, x0 + rr), x1 - rr);
    const cy = Math.min(Math.max(y, y0 + rr), y1 - rr);
    return (x - cx) ** 2 + (y - cy) ** 2 <= rr * rr;
  };
}

export const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));

/** `shape` scaled by `k` about (cx, cy): the same drawing, smaller or larger, in the same design space. */
export const scaled = (shape: Shape, k: number, cx = DESIGN_SIZE / 2, cy = DESIGN_SIZE / 2): Shape => (x, y) => shape(cx + (x - cx) / k, cy + (y - cy) / k);
