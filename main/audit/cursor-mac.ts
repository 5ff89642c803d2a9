// The queue's meta cursor (how far the gateway has acknowledged, where purging
// restarted the chain, which chain this file holds) is authenticated with an
// HMAC under a key derived from the audit data key and bound to the device, so
// editing the meta table is detected as an integrity failure instead of
// silently stopping sync or hiding rows. The last transparency log checkpoint
// the desk verified is kept under the same kind of tag.
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
export function macMessage(keyId: string, dataKey: Buffer, deviceId: string, message: string): string {
  return `${keyId}.${createHmac('sha256', macKey(dataKey, deviceId)).update(message, 'utf8').digest('hex')}`;
}

export function messageVerifies(tag: string, keyFor: (keyId: string) => Buffer | undefined, deviceId: string, message: string): boolean {
  const dot = tag.indexOf('.');
  if (dot <= 0) return false;
  const keyId = tag.slice(0, dot);
  const key = keyFor(keyId);
  if (key === undefined) return false;
  const expected = Buffer.from(macMessage(keyId, key, deviceId, message), 'utf8');
  const given = Buffer.from(tag, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function macCursor(keyId: string, dataKey: Buffer, deviceId: string, cursor: MetaCursor): string {
  return macMessage(keyId, dataKey, deviceId, cursorMessage(deviceId, cursor));
}

export function cursorVerifies(tag: string, keyFor: (keyId: string) => Buffer | undefined, deviceId: string, cursor: MetaCursor): boolean {
  return messageVerifies(tag, keyFor, deviceId, cursorMessage(deviceId, cursor));
}

/** What the tag of the desk's last verified transparency log checkpoint covers: its own prefix, so a cursor tag cannot serve. */
export function checkpointMessage(deviceId: string, note: string): string {
  return ['sentinel-log-checkpoint-v1', deviceId, note].join('\n');
}
