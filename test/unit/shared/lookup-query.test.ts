// The one search box's reading of what was typed: prefixes in any case, bare
// numbers by mode, card numbers handed to the card field, and hostile input
// answered with a message, never an exception or a request main would refuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLookupQuery } from '../../../shared/lookup-query.ts';
import { LookupRequestSchema } from '../../../shared/schemas/customer.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

describe('parseLookupQuery', () => {
  it.each([
    ['42', 'customerId', { kind: 'lookup', by: 'customerId', value: 'CUS-000042' }],
    ['  cus-42 ', 'order', { kind: 'lookup', by: 'customerId', value: 'CUS-000042' }],
    ['CUS000042', 'customerId', { kind: 'lookup', by: 'customerId', value: 'CUS-000042' }],
    ['ord-2026-0000031', 'customerId', { kind: 'lookup', by: 'order', value: 'ORD-2026-0000031' }],
    ['Txn-0000010123', 'customerId', { kind: 'lookup', by: 'order', value: 'TXN-0000010123' }],
    ['0000010123', 'order', { kind: 'lookup', by: 'order', value: 'TXN-0000010123' }],
    ['4111 1111 1111 1111', 'customerId', { kind: 'card', digits: '4111111111111111' }],
    ['4111-1111-1111-1112', 'order', { kind: 'card', digits: '4111111111111112' }],
    ['   ', 'customerId', { kind: 'empty' }],
  ] as const)('%j in %s mode', (text, mode, expected) => {
    expect(parseLookupQuery(text, mode)).toEqual(expected);
  });

  it.each([['1234567'], ['hello'], ['CUS-1234567'], ['ORD-'], ['ＣＵＳ-42'], ['CUS-42\u200b'], ['ORD-1%2F..%2F'], ['x'.repeat(100_000)]])('refuses case %# with a short message that does not echo it', (text) => {
    const parsed = parseLookupQuery(text, 'customerId');
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') {
      expect(parsed.message.length).toBeLessThan(120);
      if (text.length > 8) expect(parsed.message).not.toContain(text);
    }
  });

  it('never throws, and every lookup it makes is one main accepts', () => {
    const typed = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...Array.from('0123456789 -cusordtxnCUSORDTXN')), maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    );
    assertProperty(
      fc.property(typed, fc.constantFrom('customerId' as const, 'order' as const), (text, mode) => {
        const parsed = parseLookupQuery(text, mode);
        if (parsed.kind === 'lookup') expect(LookupRequestSchema.safeParse({ by: parsed.by, value: parsed.value }).success).toBe(true);
        if (parsed.kind === 'card') expect(parsed.digits).toMatch(/^\d{12,}$/);
      }),
    );
  });
});
