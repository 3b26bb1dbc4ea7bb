import { readFile } from 'node:fs/promises';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_PHRASE, IMAGE_WORD, inputFilesModule } from '../scripts/make-inputs/main.ts';
import { PHRASE_DOCUMENT, WORD_PICTURE } from '../src/scenarios/input-files.ts';

interface PngChunk {
  type: string;
  data: Buffer;
}

/** Reads a PNG's chunks, checking the signature and every CRC, as a strict decoder would. */
function readChunks(png: Buffer): PngChunk[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: PngChunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const typed = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(typed));
    chunks.push({ type: typed.subarray(0, 4).toString('ascii'), data: typed.subarray(4) });
    at += 12 + length;
  }
  return chunks;
}

describe('the shipped input files', () => {
  it('are what scripts/make-inputs makes (no binary of unknown origin)', async () => {
    const shipped = await readFile(new URL('../src/scenarios/input-files.ts', import.meta.url), 'utf8');
    expect(shipped, 'rerun: node scripts/make-inputs/main.ts').toBe(inputFilesModule());
    expect(WORD_PICTURE.word).toBe(IMAGE_WORD);
    expect(PHRASE_DOCUMENT.phrase).toBe(DOCUMENT_PHRASE);
  });

  it('the picture is a valid 8-bit RGB PNG with the word drawn light on a dark shape', () => {
    const chunks = readChunks(Buffer.from(WORD_PICTURE.base64, 'base64'));
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = chunks[0]?.data ?? Buffer.alloc(0);
    const width = header.readUInt32BE(0);
    const height = header.readUInt32BE(4);
    expect([width, height, header[8], header[9]]).toEqual([128, 64, 8, 2]);
    const rows = inflateSync(chunks[1]?.data ?? Buffer.alloc(0));
    expect(rows.length).toBe((width * 3 + 1) * height);
    let blue = 0;
    let whiteInsideShape = 0;
    const middle = height / 2;
    for (let x = 0; x < width; x++) {
      const at = middle * (width * 3 + 1) + 1 + x * 3;
      const [r, g, b] = [rows[at], rows[at + 1], rows[at + 2]];
      if (b === 200 && r === 30) blue++;
      else if (r === 255 && g === 255 && b === 255 && x > 16 && x < width - 16) whiteInsideShape++;
    }
    // Across the middle row: mostly the blue shape, crossed by the letters' white strokes.
    expect(blue).toBeGreaterThan(width / 2);
    expect(whiteInsideShape).toBeGreaterThan(4 * 4);
  });

  it('the PDF is one page whose cross-reference table points at each object, its text the phrase', () => {
    const pdf = Buffer.from(PHRASE_DOCUMENT.base64, 'base64').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 5)).toBe('xref\n');
    const table = /^xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer/.exec(pdf.slice(startxref));
    const count = Number(table?.[1]);
    const entries = (table?.[2] ?? '').match(/.{20}/gs) ?? [];
    expect(entries).toHaveLength(count);
    entries.slice(1).forEach((entry, i) => {
      const offset = Number(entry.slice(0, 10));
      expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj\n`), `object ${i + 1} at ${offset}`).toBe(true);
    });
    expect(pdf).toMatch(/\/Type \/Pages \/Kids \[3 0 R\] \/Count 1/);
    const stream = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(pdf);
    expect(Buffer.byteLength(stream?.[2] ?? '', 'latin1')).toBe(Number(stream?.[1]));
    expect(stream?.[2]).toContain(`(${DOCUMENT_PHRASE}) Tj`);
  });
});
