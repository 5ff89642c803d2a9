// Reads the TLS certificate chain and key named on the command line, failing
// with the file's name rather than deep inside the TLS stack.
import { readFileSync } from 'node:fs';
import type { TlsFiles } from './cli-options.ts';

export function readTlsFiles(files: TlsFiles): { cert: string; key: string } {
  const read = (path: string, what: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new Error(`${what} ${path} cannot be read`);
    }
  };
  const cert = read(files.certPath, '--tls-cert');
  const key = read(files.keyPath, '--tls-key');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--tls-cert ${files.certPath} holds no PEM certificate`);
  if (!/-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(key)) throw new Error(`--tls-key ${files.keyPath} holds no PEM private key`);
  return { cert, key };
}
