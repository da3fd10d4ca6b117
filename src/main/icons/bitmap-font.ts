/**
 * A 3×5 pixel font for the unread count: digits and '+'. Drawn at integer scales (1× at 16 px, 2× at 32 px) so
 * every stroke lands on whole pixels and stays sharp.
 */
export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;
/** Blank columns between glyphs. */
export const GLYPH_GAP = 1;

const GLYPHS: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

/** Width of `text` in font pixels. */
export function textWidth(text: string): number {
  return text.length === 0 ? 0 : text.length * GLYPH_WIDTH + (text.length - 1) * GLYPH_GAP;
}

/** The lit pixels of `text`, as [column, row] in font pixels from its top-left corner. */
export function textPixels(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let x = 0;
  for (const ch of text) {
    const glyph = GLYPHS[ch];
    if (!glyph) throw new Error(`the badge font has no glyph for "${ch}"`);
    glyph.forEach((row, y) => {
      for (let c = 0; c < row.length; c++) if (row[c] === '#') out.push([x + c, y]);
    });
    x += GLYPH_WIDTH + GLYPH_GAP;
  }
  return out;
}
