// Fills customers.phone_hmac for rows stored before migration 007 (or by a
// loader that left it empty): only the gateway holds the pepper, so this runs at
// start, not in the migration. A number that is no phone number gets the
// unusable mark of this reading (phone-hmac.ts), never matches a call, and is not
// read again at the next start unless the default calling code changed; it is
// counted, never logged (it is personal data).
import type { CustomerRepo } from '../storage/store.ts';
import { storedPhoneHash, unusablePhoneMark } from './phone-hmac.ts';
import type { PhoneNormaliseOptions } from './phone-number.ts';

const PAGE = 500;

export async function backfillPhoneHmacs(
  repo: Pick<CustomerRepo, 'phonesWithoutHmac' | 'setPhoneHmacs'>,
  pepper: Buffer,
  options: PhoneNormaliseOptions = {},
): Promise<{ filled: number; unusable: number }> {
  const mark = unusablePhoneMark(options);
  let filled = 0;
  let unusable = 0;
  let after: string | null = null;
  for (;;) {
    const page = await repo.phonesWithoutHmac(after, PAGE, mark);
    const last = page.at(-1);
    if (last === undefined) return { filled, unusable };
    const rows = page.map(({ customerId, phone }) => ({ customerId, phoneHmac: storedPhoneHash(pepper, phone, options) }));
    for (const row of rows) {
      if (row.phoneHmac === mark) unusable += 1;
      else filled += 1;
    }
    await repo.setPhoneHmacs(rows);
    after = last.customerId;
  }
}
