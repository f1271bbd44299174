/**
 * Source text from a file's bytes. lambda-lint reads UTF-8 (as ESLint does); other text is named
 * for what it is. `looseText` reads any bytes as well as it can, to tell whether a file that
 * cannot be decoded was meant as one of a dialect's documents at all.
 */
import { withoutBom } from '../dialects/source-text.js';

/** Byte order marks of the encodings that are not UTF-8, longest first (UTF-32 LE starts as UTF-16 LE does). */
const OTHER_BOMS: readonly { bytes: readonly number[]; name: string; encoding: 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' }[] = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 (little-endian)', encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 (big-endian)', encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 (little-endian)', encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 (big-endian)', encoding: 'utf-16be' },
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

function otherBom(bytes: Uint8Array): (typeof OTHER_BOMS)[number] | undefined {
  return OTHER_BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
}

/** The text of UTF-8 bytes, without a byte order mark; throws saying why it is not text lambda-lint reads. */
export function decodeUtf8(bytes: Uint8Array): string {
  const bom = otherBom(bytes);
  if (bom) throw new Error(`${bom.name} text with a byte order mark; lambda-lint reads UTF-8: save the file as UTF-8`);
  if (bytes.includes(0)) throw new Error('binary file (contains NUL bytes)');
  try {
    return withoutBom(utf8.decode(bytes));
  } catch {
    throw new Error('not valid UTF-8');
  }
}

/** Any bytes as text: by their byte order mark, else as UTF-8 with what does not decode replaced. */
export function looseText(bytes: Uint8Array): string {
  const bom = otherBom(bytes);
  const body = bytes.subarray(bom?.bytes.length ?? 0);
  if (bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be') return new TextDecoder(bom.encoding).decode(body);
  if (bom) {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength - (body.byteLength % 4));
    let out = '';
    for (let i = 0; i < view.byteLength; i += 4) {
      const code = view.getUint32(i, bom.encoding === 'utf-32le');
      out += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return out;
  }
  return withoutBom(new TextDecoder('utf-8').decode(bytes));
}
