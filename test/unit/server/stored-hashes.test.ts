// The hashes the gateway stores, which databases written before server/core/
// took over the hashing still hold: a refresh token's and an enrolment secret's
// hash are byte for byte what they were. Pinned values were computed by the
// code of 1ef7c47 (its own createHash calls) and agree with coreutils
// `printf … | sha256sum`; the property holds the functions to that same formula
// (SHA-256 over the UTF-8 bytes, in lower-case hex) for any string, lone
// surrogates included.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashEnrolmentSecret } from '../../../server/identity/enrolment-secrets.ts';
import { hashRefreshToken } from '../../../server/identity/tokens.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

const REFRESH: readonly (readonly [string, string])[] = [
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['a', 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'],
  [`rt_${'A'.repeat(43)}`, '619682011001d94f7385b7c459e6e3b08711d130160b5e9cf037095c78f7016f'],
  ['Ünïcödé 𝟘 ✓', '29af9e47eb3c9855766449cd1b7d498400c098a79c49b451e0b82d688c821252'],
  [' spaced ', '101876d4693c80a2d208ecb9907cbc2649b80d24554088c77f33d66be0454e02'],
  ['x'.repeat(512), '64164443bb63e338ef1cfdb12a57117cd1212270cc935a798f6e8a665cdf4659'],
];

/** Trimmed and upper-cased before hashing, as before: a code read aloud in lower case still matches. */
const ENROLMENT: readonly (readonly [string, string])[] = [
  ['ABCDE-FGHJK-MNPQR', 'a32834dcef8b156edcf338ec813f7502f62d2dee906bbc856bafdfde64b4b561'],
  [' abcde-fghjk-mnpqr ', 'a32834dcef8b156edcf338ec813f7502f62d2dee906bbc856bafdfde64b4b561'],
  ['straße-ß', '7438b0f3d4eeb722f97cb2e144d2bf1e34f72dd50cf5873c7f20e2cf69ac4871'],
  ['ǆ-ﬀ', '2548eedf43611494b251fbf8860b8cb976fa2ab29aea2e5d534757cea0bd835a'],
  ['\tK7QX2-ABCDE\n', '19bea6bdffa1c0018ce1b97ca7f3441ab466f546eca70a27a9bbab466ed817ef'],
];

const before = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('stored hashes are what they were before server/core/', () => {
  it.each(REFRESH)('refresh token %#', (token, hash) => {
    expect(hashRefreshToken(token)).toBe(hash);
  });

  it.each(ENROLMENT)('enrolment secret %#', (secret, hash) => {
    expect(hashEnrolmentSecret(secret)).toBe(hash);
  });

  it('property: both are SHA-256 over the UTF-8 bytes, as the code before the move computed them', () => {
    assertProperty(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
        expect(hashRefreshToken(text)).toBe(before(text));
        expect(hashEnrolmentSecret(text)).toBe(before(`sentinel-enrolment\n${text.trim().toUpperCase()}`));
      }),
    );
  });
});
