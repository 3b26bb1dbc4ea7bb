// A PNG encoder small enough to read: 8-bit RGB, one IDAT, no filtering. Enough for a picture drawn in code.
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

export interface Picture {
  width: number;
  height: number;
  /** The colour of the pixel at (x, y). */
  pixel(x: number, y: number): Rgb;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export function encodePng(picture: Picture): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(picture.width, 0);
  header.writeUInt32BE(picture.height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  // compression, filter and interlace methods: 0, 0, 0
  const rows = Buffer.alloc((picture.width * 3 + 1) * picture.height);
  let at = 0;
  for (let y = 0; y < picture.height; y++) {
    rows[at++] = 0; // filter: none
    for (let x = 0; x < picture.width; x++) {
      for (const value of picture.pixel(x, y)) rows[at++] = value;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
