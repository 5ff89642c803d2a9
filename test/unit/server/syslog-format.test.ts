// The RFC 5424 form of a checkpoint, with hostile header values: a host name
// with spaces and control characters, an origin with the characters structured
// data must escape. Each field stays one token, and the note is the message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkpointSyslogMessage } from '../../../server/audit/syslog-format.ts';

const root = new Uint8Array(32).fill(7);

describe('checkpointSyslogMessage', () => {
  it('keeps the header fields single tokens and escapes structured data, whatever the host and origin', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 200 }).filter((o) => !/[\s+]/.test(o)), (host, origin) => {
        const note = `${origin}\n5\n${Buffer.from(root).toString('base64')}\n\n— ${origin} AAAA\n`;
        const message = checkpointSyslogMessage({ checkpoint: { origin, size: 5, rootHash: root, extensions: [] }, note, at: new Date(0), hostname: host, appName: 'sentinel gateway\n' });
        const [pri, time, hostField, app] = message.split(' ');
        expect(pri).toBe('<110>1');
        expect(time).toBe('1970-01-01T00:00:00.000Z');
        expect(hostField).toMatch(/^[\x21-\x7e]{1,255}$/);
        expect(app).toBe('sentinelgateway');
        expect(message.endsWith(` ${note}`)).toBe(true);
        const data = message.slice(message.indexOf('[checkpoint@32473 '), message.length - note.length - 1);
        // Inside the structured data, every '"', '\' and ']' of the origin is escaped.
        expect(data).toBe(`[checkpoint@32473 origin="${origin.replace(/["\\\]]/g, (c) => `\\${c}`)}" size="5" root="${Buffer.from(root).toString('base64')}"]`);
      }),
    );
  });
});
