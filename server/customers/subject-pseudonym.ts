// Keyed pseudonyms (HMAC under the gateway's pepper): privacy events name a
// customer by one, so the trail links a subject's requests together without an
// identifier that leads back to the person outside the gateway; an export names
// the staff who looked at the data by another, unless policy says otherwise.
import { createHmac } from 'node:crypto';

const pseudonym = (pepper: Buffer, domain: string, id: string): string => createHmac('sha256', pepper).update(`${domain}\n${id}`, 'utf8').digest('base64url').slice(0, 22);

export const subjectPseudonym = (pepper: Buffer, customerId: string): string => `subj_${pseudonym(pepper, 'privacy-subject', customerId)}`;

export const staffPseudonym = (pepper: Buffer, staffId: string): string => `staff_${pseudonym(pepper, 'privacy-staff', staffId)}`;
