// A PDF writer small enough to read: one page, lines of text in Helvetica (a standard font, so nothing embedded),
// and the cross-reference table a strict reader checks, each offset counted here.

/** Text as a PDF literal string: the three characters the syntax reserves escaped. */
function literal(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text))
    throw new Error(`only printable ASCII fits this writer: ${JSON.stringify(text)}`);
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A US Letter page holding `lines`, the first 72 points from the top-left corner, 24-point type. */
export function onePagePdf(lines: readonly string[]): Buffer {
  const shown = lines
    .map((line, i) => `${i === 0 ? '72 700 Td' : '0 -32 Td'} ${literal(line)} Tj`)
    .join('\n');
  const content = `BT\n/F1 24 Tf\n${shown}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, the type, and a two-byte line end.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
