// The boxes the store seals customers' personal data with (storage/repos/customer-keys.ts):
// the seal key's box wraps each customer's data key, and a box over that key seals the fields.
import { createSecretBox } from '../identity/secret-box.ts';
import type { PersonalSealing } from '../storage/repos/customer-keys.ts';

export const personalSealing = (sealKey: Buffer): PersonalSealing => ({ keyWrap: createSecretBox(sealKey), sealerFor: createSecretBox });
