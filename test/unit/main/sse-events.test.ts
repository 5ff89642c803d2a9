import { describe, expect, it } from 'vitest';
import { sseEvents } from '../../../main/supervision/supervisor-stream.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  await Promise.resolve();
}

describe('sseEvents', () => {
  it('decodes characters split across chunks, keeps ids, skips comments', async () => {
    const data = { deviceId: 'desk-1', seq: 1, receivedAt: '2026-11-23T10:00:00.000Z', event: sampleAuditEvent() };
    const text = `: connected\n\nid: 42\nevent: audit\ndata: ${JSON.stringify(data)}\n\n: keep-alive\n\n`;
    const errors: unknown[] = [];
    const seen = [];
    // 1-byte chunks split every multi-byte • of the masked target.
    for await (const item of sseEvents(chunked(Buffer.from(text, 'utf8'), 1), (e) => errors.push(e))) seen.push(item);
    expect(errors).toEqual([]);
    expect(seen).toEqual([{ id: '42', event: { type: 'audit', data } }]);
    expect(data.event.target.id).toContain('•');
  });

  it('drops and reports an event that breaks the contract', async () => {
    const errors: unknown[] = [];
    const seen = [];
    for await (const item of sseEvents(chunked(Buffer.from('event: audit\ndata: {"x":1}\n\n'), 7), (e) => errors.push(e))) seen.push(item);
    expect(seen).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
