// A system of record's service account (issue 22): one per named source,
// scoped to the record types it may write, with the mappings its webhooks'
// payloads go through. A contact-center platform is one too: scoped to
// `contact_event`, it declares its platform kind, its agent map and (Twilio)
// the URL the platform calls.
import { z } from 'zod';
import { AdminReasonSchema } from './admin.ts';
import { ContactPlatformSchema, PlatformRefSchema } from './calls.ts';
import { recordId, TimestampSchema } from './common.ts';
import { RECORD_TYPES } from './records.ts';
import { UsernameSchema } from './session.ts';
import { WebhookMappingsSchema } from './webhook-mapping.ts';

/** A source's name, e.g. `shop`, `psp`, `carrier-dhl`: lower case, it names the account in the audit trail. */
export const SourceNameSchema = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, { error: 'source: 2-40 of a-z 0-9 -, starting with a letter' });
export const ServiceAccountIdSchema = recordId('Service account ID');

/**
 * What an account may send: the record types it writes, `contact_event` for a contact-center platform's call
 * events, and `scim` for an identity provider provisioning people at /scim/v2/.
 */
export const SERVICE_ACCOUNT_SCOPES = [...RECORD_TYPES, 'contact_event', 'scim'] as const;
export const ServiceAccountScopeSchema = z.enum(SERVICE_ACCOUNT_SCOPES);
export type ServiceAccountScope = z.infer<typeof ServiceAccountScopeSchema>;

export const AGENT_MAP_MAX = 10_000;
/** Platform agent ID (Amazon Connect: the agent ID at the end of its ARN; Twilio: the WorkerSid) → desk username. */
const AgentMapSchema = z
  .record(PlatformRefSchema, UsernameSchema)
  .refine((agents) => Object.keys(agents).length <= AGENT_MAP_MAX, { error: `agents: at most ${AGENT_MAP_MAX}` });
/** Twilio signs the URL it calls: the events URL exactly as set on the TaskRouter workspace. */
const CallbackUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

/** How a contact-center platform account's events are read: its kind, and its agents as desk users. */
export const ContactCenterLinkSchema = z.object({
  platform: ContactPlatformSchema,
  agents: AgentMapSchema.default({}),
  callbackUrl: CallbackUrlSchema.optional(),
});
export type ContactCenterLink = z.infer<typeof ContactCenterLinkSchema>;

/** Twilio signs with the Twilio account's auth token, so the admin supplies it; the gateway keeps it sealed and never shows it. */
const TwilioAuthTokenSchema = z.string().regex(/^[\x21-\x7e]{16,512}$/, { error: 'authToken: 16-512 printable characters' });

export const ServiceAccountSchema = z.object({
  accountId: ServiceAccountIdSchema,
  source: SourceNameSchema,
  recordTypes: z.array(ServiceAccountScopeSchema).min(1),
  contactCenter: ContactCenterLinkSchema.nullable(),
  reason: z.string().max(500),
  createdAt: TimestampSchema,
  createdBy: z.string().max(128),
  revokedAt: TimestampSchema.nullable(),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

export const CreateServiceAccountRequestSchema = z
  .object({
    source: SourceNameSchema,
    recordTypes: z
      .array(ServiceAccountScopeSchema)
      .min(1)
      .max(SERVICE_ACCOUNT_SCOPES.length)
      .refine((types) => new Set(types).size === types.length, { error: 'recordTypes: each type once' }),
    reason: AdminReasonSchema,
    /** How the source's webhook payloads become records; none: the source only calls the API. */
    webhookMappings: WebhookMappingsSchema.default([]),
    /** With `contact_event` in scope, and only then: the platform the account's call events come from. */
    contactCenter: ContactCenterLinkSchema.extend({ authToken: TwilioAuthTokenSchema.optional() }).optional(),
  })
  .superRefine((request, ctx) => {
    const platform = request.contactCenter;
    if (request.recordTypes.includes('scim') && request.recordTypes.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['recordTypes'], message: 'recordTypes: scim stands alone: an identity provider’s account writes no records' });
    }
    if (request.recordTypes.includes('contact_event') !== (platform !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['contactCenter'], message: 'contactCenter: declare the platform exactly when contact_event is in scope' });
    }
    if (platform === undefined) return;
    const twilio = platform.platform === 'twilio-taskrouter';
    if (twilio && (platform.authToken === undefined || platform.callbackUrl === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['contactCenter'], message: 'contactCenter: Twilio signs with its auth token over the URL it calls: give authToken and callbackUrl' });
    }
    if (!twilio && platform.authToken !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['contactCenter', 'authToken'], message: 'contactCenter.authToken: only Twilio brings its own; the gateway makes the webhook secret' });
    }
  });
export type CreateServiceAccountRequest = z.infer<typeof CreateServiceAccountRequestSchema>;

/** Shown once: the gateway keeps a hash of the token and the webhook secret sealed. */
export const ServiceAccountGrantSchema = z.object({
  account: ServiceAccountSchema,
  token: z.string().regex(/^sdsa_[A-Za-z0-9_-]{43}$/),
  /** Null for a Twilio account: it signs with the auth token the admin supplied, which is not shown back. */
  webhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9_-]{43}$/)
    .nullable(),
});
export type ServiceAccountGrant = z.infer<typeof ServiceAccountGrantSchema>;
export const ServiceAccountParamsSchema = z.object({ accountId: ServiceAccountIdSchema });
/** A platform account's agent map (whole, replacing the old one) and, when given, its callback URL; its kind stays. */
export const UpdateContactCenterRequestSchema = z.object({
  agents: AgentMapSchema,
  callbackUrl: CallbackUrlSchema.optional(),
  reason: AdminReasonSchema,
});
export type UpdateContactCenterRequest = z.infer<typeof UpdateContactCenterRequestSchema>;

/** A contact-center platform account's events route: its source names the account. */
export const ContactEventParamsSchema = z.object({ source: SourceNameSchema });

