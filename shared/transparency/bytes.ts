// Byte helpers: strict base64 (RFC 4648 §4, padded, canonical), UTF-8, and
// comparison. Strict because a hash or signature with two spellings would let
// two different notes carry "the same" value.
import { refuse, type TransparencyErrorCode } from './errors.ts';
import { web } from './web-platform.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return web.btoa(binary);
}

/** Decodes canonical base64 only; anything else (whitespace, missing padding, non-zero spare bits) is refused with `code`. */
export function fromBase64(text: string, code: TransparencyErrorCode, what: string): Uint8Array {
  if (!BASE64.test(text)) return refuse(code, `${what} is not base64`);
  const binary = web.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (toBase64(bytes) !== text) return refuse(code, `${what} is not canonical base64`);
  return bytes;
}

export function utf8(text: string): Uint8Array {
  return new web.TextEncoder().encode(text);
}

/** Null when the bytes are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return new web.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
