// The Web platform globals this library uses. They exist wherever shared/ runs
// (Node 22, Electron, the renderer), but shared/ compiles against plain ES2024,
// which does not declare them; their types are stated here, once.
export interface WebCryptoKey {
  readonly type: string;
}

interface SubtleCrypto {
  importKey(format: 'raw' | 'pkcs8', key: Uint8Array, algorithm: 'Ed25519', extractable: boolean, usages: string[]): Promise<WebCryptoKey>;
  exportKey(format: 'raw', key: WebCryptoKey): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: WebCryptoKey): Promise<{ x?: string }>;
  sign(algorithm: 'Ed25519', key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: 'Ed25519', key: WebCryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

interface WebGlobals {
  readonly crypto: { readonly subtle: SubtleCrypto };
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new (label: 'utf-8', options: { fatal: true }) => { decode(bytes: Uint8Array): string };
  btoa(binary: string): string;
  atob(base64: string): string;
}

export const web = globalThis as unknown as WebGlobals;
