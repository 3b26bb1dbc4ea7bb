import { describe, expect, it } from 'vitest';
import { ChunkRecorder, type TappedChunk } from './chunk-records.ts';
import { Utf8Tail } from './utf8-tail.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const EURO = bytes('€'); // E2 82 AC
const FACE = bytes('😀'); // F0 9F 98 80

describe('Utf8Tail', () => {
  it('counts the bytes of a character the pieces so far leave open, across pieces', () => {
    const tail = new Utf8Tail();
    expect(tail.push(bytes('10 '))).toBe(0);
    expect(tail.push(EURO.subarray(0, 1))).toBe(1);
    expect(tail.push(EURO.subarray(1, 2))).toBe(2);
    expect(tail.push(EURO.subarray(2))).toBe(0);
    expect(tail.push(Uint8Array.of(...bytes('a'), ...FACE.subarray(0, 3)))).toBe(3);
    expect(tail.push(FACE.subarray(3))).toBe(0);
  });

  it('leaves nothing open after whole characters, or after bytes that begin none', () => {
    const tail = new Utf8Tail();
    expect(tail.push(bytes('é€😀'))).toBe(0);
    expect(tail.push(Uint8Array.of(0x80, 0x80, 0x80, 0x80))).toBe(0);
  });
});

function record(...reads: Uint8Array[]): TappedChunk[] {
  const chunks: TappedChunk[] = [];
  const recorder = new ChunkRecorder(chunks, 100);
  // Each read far apart in time: no tiny reads joined.
  reads.forEach((read, i) => {
    recorder.add(read, i * 10);
  });
  recorder.end(reads.length * 10);
  return chunks;
}

describe('ChunkRecorder: a read that ends inside a character', () => {
  it('keeps whole characters in each record, and marks the record whose read ended inside one', () => {
    const event = bytes('data: {"text":" 10 €"}\n\n');
    const cut = event.indexOf(0xe2) + 1;
    const chunks = record(event.subarray(0, cut), event.subarray(cut));
    expect(chunks).toEqual([
      { t: 0, text: 'data: {"text":" 10 ', carriedBytes: 1 },
      { t: 10, text: '€"}\n\n' },
    ]);
  });

  it('marks each read of a character spread over three, and none of a body read between characters', () => {
    const text = bytes('a😀b');
    expect(
      record(text.subarray(0, 2), text.subarray(2, 3), text.subarray(3)).map((c) => c.carriedBytes),
    ).toEqual([1, 2, undefined]);
    expect(record(bytes('data: {"a":1}\n\n'), bytes('data: {"a":2}\n\n')).some((c) => c.carriedBytes)).toBe(
      false,
    );
  });

  it('marks a joined run of tiny reads by where its last read ended', () => {
    const chunks: TappedChunk[] = [];
    const recorder = new ChunkRecorder(chunks, 100);
    recorder.add(bytes('ab'), 0);
    recorder.add(EURO.subarray(0, 2), 0);
    recorder.add(Uint8Array.of(...EURO.subarray(2), ...bytes(' and then a long read')), 5);
    recorder.end(6);
    expect(chunks).toEqual([
      { t: 0, text: 'ab', carriedBytes: 2 },
      { t: 5, text: '€ and then a long read' },
    ]);
  });

  it('marks nothing when the body ends inside a character: the U+FFFD the decoder gives closes it', () => {
    const chunks = record(bytes('a long enough read'), EURO.subarray(0, 2));
    expect(chunks.map((c) => c.carriedBytes)).toEqual([undefined, undefined, undefined]);
    expect(chunks.map((c) => c.text).join('')).toBe('a long enough read\uFFFD');
  });
});
