// SCIM 2.0 (RFC 7643/7644) as the gateway speaks it at /scim/v2/: the User and
// Group resources an identity provider writes, PATCH operations, list queries,
// and the SCIM error body. What a provider sends is read leniently where Entra
// ID and Okta are known to differ from the RFC (booleans as "True"/"False",
// op names in any case); what the gateway answers is strict.
import { z } from 'zod';
import { RoleSchema } from '../roles.ts';
import { panFreeText, TimestampSchema } from './common.ts';
import { UsernameSchema } from './session.ts';

export const SCIM_SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** RFC 7644 3.12's scimType values the gateway answers with. */
export const SCIM_ERROR_TYPES = ['invalidFilter', 'invalidPath', 'invalidValue', 'invalidSyntax', 'uniqueness', 'mutability', 'noTarget', 'tooMany', 'sensitive'] as const;
export const ScimErrorSchema = z.object({
  schemas: z.tuple([z.literal(SCIM_SCHEMA.error)]),
  status: z.string().regex(/^\d{3}$/),
  scimType: z.enum(SCIM_ERROR_TYPES).optional(),
  detail: z.string().max(500),
});
export type ScimError = z.infer<typeof ScimErrorSchema>;

/** Entra ID sends booleans as the strings "True" and "False" in PATCH values. */
export const ScimBooleanSchema = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i, { error: 'a boolean, or "True"/"False"' })
    .transform((text) => text.toLowerCase() === 'true'),
]);

const scimText = (what: string, max: number) => panFreeText(what, 0, max);
export const ScimNameSchema = z.object({
  formatted: scimText('name.formatted', 256).optional(),
  givenName: scimText('name.givenName', 128).optional(),
  familyName: scimText('name.familyName', 128).optional(),
});
export const ScimEmailSchema = z.object({
  value: panFreeText('emails.value', 3, 254).refine((v) => v.includes('@'), { error: 'emails.value: an address with @' }),
  type: z.string().regex(/^[A-Za-z]{1,32}$/).optional(),
  primary: ScimBooleanSchema.optional(),
});
/** The provider's own ID: printable, bounded, and never a card number. */
export const ScimExternalIdSchema = panFreeText('externalId', 1, 256).refine((id) => /^[\x21-\x7e]+$/.test(id), { error: 'externalId: printable ASCII' });
const SchemasSchema = z.array(z.string().max(200)).max(10);

/** A User as a provider creates or replaces it; attributes the desk has no use for are dropped. */
export const ScimUserInputSchema = z.object({
  schemas: SchemasSchema.optional(),
  userName: UsernameSchema.transform((name) => name.toLowerCase()),
  externalId: ScimExternalIdSchema.optional(),
  displayName: panFreeText('displayName', 1, 128).optional(),
  name: ScimNameSchema.optional(),
  emails: z.array(ScimEmailSchema).max(10).optional(),
  active: ScimBooleanSchema.default(true),
});
export type ScimUserInput = z.infer<typeof ScimUserInputSchema>;

/** What the gateway keeps of a person's SCIM attributes beside its own columns. */
export const ScimProfileSchema = z.object({
  name: ScimNameSchema.optional(),
  emails: z.array(ScimEmailSchema).default([]),
  /** IDs of the configured groups the person is a member of. */
  groups: z.array(z.string().max(64)).default([]),
});
export type ScimProfile = z.infer<typeof ScimProfileSchema>;

const MetaSchema = z.object({
  resourceType: z.enum(['User', 'Group']),
  created: TimestampSchema.optional(),
  lastModified: TimestampSchema.optional(),
  version: z.string().optional(),
  location: z.string(),
});

export const ScimUserSchema = z.object({
  schemas: z.tuple([z.literal(SCIM_SCHEMA.user)]),
  id: z.string(),
  externalId: z.string().optional(),
  userName: z.string(),
  displayName: z.string(),
  name: ScimNameSchema.optional(),
  emails: z.array(ScimEmailSchema.extend({ primary: z.boolean().optional() })),
  active: z.boolean(),
  groups: z.array(z.object({ value: z.string(), display: z.string() })),
  roles: z.array(z.object({ value: RoleSchema })),
  meta: MetaSchema,
});
export type ScimUser = z.infer<typeof ScimUserSchema>;

export const ScimGroupSchema = z.object({
  schemas: z.tuple([z.literal(SCIM_SCHEMA.group)]),
  id: z.string(),
  displayName: z.string(),
  members: z.array(z.object({ value: z.string(), display: z.string() })),
  meta: MetaSchema,
});
export type ScimGroup = z.infer<typeof ScimGroupSchema>;

export const ScimUserListSchema = z.object({
  schemas: z.tuple([z.literal(SCIM_SCHEMA.list)]),
  totalResults: z.number().int().nonnegative(),
  startIndex: z.number().int().positive(),
  itemsPerPage: z.number().int().nonnegative(),
  Resources: z.array(ScimUserSchema),
});
export type ScimUserList = z.infer<typeof ScimUserListSchema>;
export const ScimGroupListSchema = ScimUserListSchema.extend({ Resources: z.array(ScimGroupSchema) });
export type ScimGroupList = z.infer<typeof ScimGroupListSchema>;

export const SCIM_MAX_PAGE = 200;
/** `startIndex` is 1-based; a value below 1 is read as 1 and a negative count as 0 (RFC 7644 3.4.2.4). */
export const ScimListQuerySchema = z.object({
  filter: z.string().max(512).optional(),
  startIndex: z.coerce.number().int().default(1).transform((n) => Math.max(1, n)),
  count: z.coerce.number().int().default(100).transform((n) => Math.min(SCIM_MAX_PAGE, Math.max(0, n))),
});
export type ScimListQuery = z.infer<typeof ScimListQuerySchema>;

/** Okta and Entra write op names in any case ("Replace", "Add"). */
export const ScimPatchOpSchema = z.object({
  op: z
    .string()
    .max(16)
    .transform((op) => op.toLowerCase())
    .pipe(z.enum(['add', 'replace', 'remove'])),
  path: z.string().min(1).max(256).optional(),
  value: z.unknown().optional(),
});
export type ScimPatchOp = z.infer<typeof ScimPatchOpSchema>;
export const ScimPatchRequestSchema = z.object({
  schemas: SchemasSchema.optional(),
  Operations: z.array(ScimPatchOpSchema).min(1).max(100),
});

/** A Group as a provider creates or replaces it: the name of a configured group, and its members by user ID. */
export const ScimGroupMemberSchema = z.object({ value: z.string().min(1).max(64) });
export const ScimGroupInputSchema = z.object({
  schemas: SchemasSchema.optional(),
  displayName: z.string().trim().min(1).max(128),
  members: z.array(ScimGroupMemberSchema).max(1000).default([]),
});
