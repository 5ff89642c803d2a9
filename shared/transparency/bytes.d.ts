import { type TransparencyErrorCode } from './errors.ts';
export declare function toBase64(bytes: Uint8Array): string;
/** Decodes canonical base64 only; anything else (whitespace, missing padding, non-zero spare bits) is refused with `code`. */
export declare function fromBase64(text: string, code: TransparencyErrorCode, what: string): Uint8Array;
export declare function utf8(text: string): Uint8Array;
/** Null when the bytes are not valid UTF-8. */
export declare function fromUtf8(bytes: Uint8Array): string | null;
export declare function concatBytes(...parts: Uint8Array[]): Uint8Array;
export declare function bytesEqual(a: Uint8Array, b: Uint8Array): boolean;
export declare function toHex(bytes: Uint8Array): string;
