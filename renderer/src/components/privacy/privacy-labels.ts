// How the Privacy workspace names requests for people: the kind with its article,
// the law's timeline, how identity was checked, and the deadline in words (never
// by colour alone).
import type { z } from 'zod';
import type { DueStateSchema, IdentityVerificationSchema, PrivacyLaw, PrivacyRequest } from '../../../../shared/schemas/privacy.ts';

export const KIND_LABELS: Record<PrivacyRequest['kind'], string> = {
  access: 'Access / export (GDPR Art. 15, CCPA right to know)',
  rectification: 'Rectification (GDPR Art. 16)',
  erasure: 'Erasure (GDPR Art. 17, CCPA delete)',
  restriction: 'Restriction of processing (GDPR Art. 18)',
};

export const LAW_LABELS: Record<PrivacyLaw, string> = {
  gdpr: 'GDPR: one month, extendable by two',
  ccpa: 'CCPA: 45 days, extendable once by 45',
};

export const VERIFICATION_LABELS: Record<z.infer<typeof IdentityVerificationSchema>, string> = {
  security_questions: 'Security questions on the call',
  account_sign_in: 'Signed in to their account',
  document_check: 'Identity document checked',
  verified_email: 'Verified email address',
  authorised_agent: 'Authorised agent with proof',
};

export const DUE_WORDS: Record<z.infer<typeof DueStateSchema>, string> = {
  on_time: 'On time',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  closed: 'Closed',
};
