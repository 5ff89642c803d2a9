// The keyed pseudonym by which privacy events name a customer: an HMAC under the
// gateway's pepper, so the trail links a subject's requests together without
// holding an identifier that leads back to the person outside the gateway.
import { createHmac } from 'node:crypto';

export function subjectPseudonym(pepper: Buffer, customerId: string): string {
  return `subj_${createHmac('sha256', pepper).update(`privacy-subject\n${customerId}`, 'utf8').digest('base64url').slice(0, 22)}`;
}
