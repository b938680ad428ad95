// Shift_JIS (Windows-31J) bytes for a text, as Excel in Japan saves "CSV": Node can decode the
// encoding (TextDecoder) but not encode it, so the table is built by decoding every code once.
let table: Map<string, number[]> | undefined;

function buildTable(): Map<string, number[]> {
  const decoder = new TextDecoder("shift_jis");
  const map = new Map<string, number[]>([
    ["\r", [0x0d]],
    ["\n", [0x0a]],
  ]);
  for (let b = 0x20; b < 0x7f; b++) map.set(String.fromCharCode(b), [b]);
  for (let b = 0xa1; b <= 0xdf; b++) map.set(decoder.decode(new Uint8Array([b])), [b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      // The first code wins: NEC and IBM extensions repeat some characters later in the table.
      if (ch.length === 1 && ch !== "\uFFFD" && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  return map;
}

export function encodeShiftJis(text: string): Uint8Array {
  table ??= buildTable();
  const bytes: number[] = [];
  for (const ch of text) {
    const code = table.get(ch);
    if (!code) throw new Error(`not in Shift_JIS: ${ch}`);
    bytes.push(...code);
  }
  return new Uint8Array(bytes);
}
