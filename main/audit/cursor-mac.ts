// The queue's meta cursor (how far the gateway has acknowledged, where purging
// restarted the chain, which chain this file holds) is authenticated with an
// HMAC under a key derived from the audit data key and bound to the device, so
// editing the meta table is detected as an integrity failure instead of
// silently stopping sync or hiding rows.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface MetaCursor {
  readonly chainId: string;
  readonly syncedThroughSeq: number;
  readonly purgedThroughSeq: number;
  readonly purgedThroughHash: string;
}

function macKey(dataKey: Buffer, deviceId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(deviceId, 'utf8'), Buffer.from('sentinel-audit-cursor-key-v1', 'utf8'), 32));
}

function cursorMessage(deviceId: string, cursor: MetaCursor): string {
  return ['sentinel-audit-cursor-v1', deviceId, cursor.chainId, cursor.syncedThroughSeq, cursor.purgedThroughSeq, cursor.purgedThroughHash].join('\n');
}

/** `keyId.hex`: the key ID travels with the tag so a rotated key still verifies older cursors. */
export function macCursor(keyId: string, dataKey: Buffer, deviceId: string, cursor: MetaCursor): string {
  return `${keyId}.${createHmac('sha256', macKey(dataKey, deviceId)).update(cursorMessage(deviceId, cursor), 'utf8').digest('hex')}`;
}

export function cursorVerifies(tag: string, keyFor: (keyId: string) => Buffer | undefined, deviceId: string, cursor: MetaCursor): boolean {
  const dot = tag.indexOf('.');
  if (dot <= 0) return false;
  const keyId = tag.slice(0, dot);
  const key = keyFor(keyId);
  if (key === undefined) return false;
  const expected = Buffer.from(macCursor(keyId, key, deviceId, cursor), 'utf8');
  const given = Buffer.from(tag, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
