// Fills customers.phone_hmac for rows stored before migration 007 (or by a
// loader that left it empty): only the gateway holds the pepper, so this runs at
// start, not in the migration. A number that is no phone number stays null and
// never matches a call; it is counted, never logged (it is personal data).
import type { CustomerRepo } from '../storage/store.ts';
import { phoneHmac } from './phone-hmac.ts';
import { PhoneNumberError, type PhoneNormaliseOptions } from './phone-number.ts';

const PAGE = 500;

export async function backfillPhoneHmacs(
  repo: Pick<CustomerRepo, 'phonesWithoutHmac' | 'setPhoneHmacs'>,
  pepper: Buffer,
  options: PhoneNormaliseOptions = {},
): Promise<{ filled: number; unusable: number }> {
  let filled = 0;
  let unusable = 0;
  let after: string | null = null;
  for (;;) {
    const page = await repo.phonesWithoutHmac(after, PAGE);
    const last = page.at(-1);
    if (last === undefined) return { filled, unusable };
    const rows: { customerId: string; phoneHmac: string }[] = [];
    for (const { customerId, phone } of page) {
      try {
        rows.push({ customerId, phoneHmac: phoneHmac(pepper, phone, options) });
      } catch (error) {
        if (!(error instanceof PhoneNumberError)) throw error;
        unusable += 1;
      }
    }
    await repo.setPhoneHmacs(rows);
    filled += rows.length;
    after = last.customerId;
  }
}
