// One spelling per client address, for what is counted per address: an IPv4
// client is `::ffff:a.b.c.d` to a gateway listening on `::` and `a.b.c.d` to
// one on 0.0.0.0, and a trusted proxy may write IPv6 in capitals or in full.
import { isIP } from 'node:net';

const MAPPED = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/;

/** The canonical form of an IP address (IPv4 for an IPv4-mapped one, compressed lower-case IPv6); anything else as given. */
export function canonicalAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  let host: string;
  try {
    host = new URL(`http://[${address}]/`).hostname;
  } catch {
    // A zone index (fe80::1%eth0) is no URL host: lower case is the most that can be said.
    return address.toLowerCase();
  }
  const mapped = MAPPED.exec(host);
  if (mapped !== null) {
    const high = Number.parseInt(mapped[1] ?? '0', 16);
    const low = Number.parseInt(mapped[2] ?? '0', 16);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return host.slice(1, -1);
}
