// The phone normaliser: every way people and platforms write one number gives
// the same E.164 (and so the same keyed hash); anything else is refused with a
// typed reason, never guessed into some other number.
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { phoneHmac } from '../../../server/customers/phone-hmac.ts';
import { normaliseE164, PHONE_INPUT_MAX, PhoneNumberError, type PhoneNumberReason } from '../../../server/customers/phone-number.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';
import { decimalDigitSets } from '../../harness/arbitraries/unicode-categories.ts';

const reasonOf = (run: () => unknown): PhoneNumberReason | 'accepted' => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof PhoneNumberError) return error.reason;
    throw error;
  }
};

describe('normaliseE164', () => {
  it.each([
    ['+44 20 7946 0958', {}],
    ['+44 (0)20 7946-0958', {}],
    ['0044 20 7946 0958', {}],
    ['+44.20.7946.0958', {}],
    ['  +442079460958  ', {}],
    ['+44 20 7946 0958\n', {}],
    ['020 7946 0958', { defaultCallingCode: '44' }],
    ['(020) 7946/0958', { defaultCallingCode: '44' }],
  ])('%s reads as +442079460958', (raw, options) => {
    expect(normaliseE164(raw, options)).toBe('+442079460958');
  });

  it('keeps a number without trunk prefix under the assumed code', () => {
    expect(normaliseE164('202-555-0143', { defaultCallingCode: '1' })).toBe('+12025550143');
  });

  it.each<[string, PhoneNumberReason, object]>([
    ['', 'empty', {}],
    ['   ', 'empty', {}],
    ['020 7946 0958', 'no_country_code', {}],
    ['020 7946 0958', 'no_country_code', { defaultCallingCode: '0' }],
    ['++44 20 7946 0958', 'bad_character', {}],
    ['+44 20 7946 0958 ext 12', 'bad_character', {}],
    ['client:agent.ana', 'bad_character', {}],
    ['+44\u00a020 7946 0958', 'bad_character', {}],
    ['+4420', 'bad_length', {}],
    ['+0 20 7946 0958', 'bad_length', {}],
    [`+${'1'.repeat(16)}`, 'bad_length', {}],
    ['+'.padEnd(PHONE_INPUT_MAX + 1, '1'), 'too_long', {}],
    ['+44 20 7946 ０９５８', 'non_ascii_digit', {}],
    ['+٤٤ 20 7946 0958', 'non_ascii_digit', {}],
  ])('%j is refused as %s', (raw, reason, options) => {
    expect(reasonOf(() => normaliseE164(raw, options))).toBe(reason);
  });

  it('refuses a number written with any non-ASCII decimal digit, in every script', () => {
    const foreign = decimalDigitSets().slice(1);
    assertProperty(
      fc.property(fc.constantFrom(...foreign), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 12 }), fc.nat(), (digits, values, at) => {
        const ascii = values.map(String);
        ascii[at % ascii.length] = digits[values[at % values.length] ?? 0] ?? '';
        expect(reasonOf(() => normaliseE164(`+4${ascii.join('')}`))).toBe('non_ascii_digit');
      }),
    );
  });

  it('answers any string with E.164 or a typed refusal, and E.164 is a fixed point', () => {
    assertProperty(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[+0 ()\-.]{0,3}[0-9 ()\-.]{0,24}$/)), (raw) => {
        let e164: string;
        try {
          e164 = normaliseE164(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(PhoneNumberError);
          return;
        }
        expect(e164).toMatch(/^\+[1-9][0-9]{7,14}$/);
        expect(normaliseE164(e164)).toBe(e164);
      }),
    );
  });
});

describe('phoneHmac', () => {
  const pepper = Buffer.alloc(32, 7);

  it('is HMAC-SHA256 of the E.164 form under the pepper, whatever way the number was written', () => {
    const expected = createHmac('sha256', pepper).update('+442079460958').digest('hex');
    expect(phoneHmac(pepper, '+44 20 7946 0958')).toBe(expected);
    expect(phoneHmac(pepper, '0044 (0)20 7946-0958')).toBe(expected);
    expect(phoneHmac(pepper, '020 7946 0958', { defaultCallingCode: '44' })).toBe(expected);
  });

  it('depends on the pepper', () => {
    expect(phoneHmac(pepper, '+442079460958')).not.toBe(phoneHmac(Buffer.alloc(32, 8), '+442079460958'));
  });

  it('throws the typed error for what is not a phone number', () => {
    expect(reasonOf(() => phoneHmac(pepper, 'not a number'))).toBe('bad_character');
  });
});
