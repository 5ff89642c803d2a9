// SCIM Users (RFC 7643 4.1, RFC 7644 3.3-3.6): an identity provider creates,
// reads, lists, replaces, patches and deletes the people it provisions. They
// are SSO-only accounts that no password opens; their roles come from the
// groups they are in (config.scim.groups). Every change is audited with the
// provider's service account as actor and the people-administration `action`
// convention, so the access review lists it, and written in the change's own
// transaction (no record, no change); a change that takes access away
// (deactivation, other roles, a DELETE) ends every session of the account in
// the same commit, and its desks show signed out at once.
import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditEvent, AuditEventType } from '../../../shared/audit.ts';
import { describeIssues } from '../../../shared/errors.ts';
import { panFreeId } from '../../../shared/pan.ts';
import type { Role } from '../../../shared/roles.ts';
import {
  SCIM_SCHEMA,
  ScimListQuerySchema,
  ScimPatchRequestSchema,
  ScimProfileSchema,
  ScimUserInputSchema,
  type ScimListQuery,
  type ScimProfile,
  type ScimUser,
  type ScimUserInput,
  type ScimUserList,
} from '../../../shared/schemas/scim.ts';
import type { Clock } from '../../config.ts';
import type { GatewayAudit, GatewayAuditInput } from '../../core/audit-port.ts';
import { hashPassword } from '../../identity/passwords.ts';
import { findPanField } from '../../records/pan-guard.ts';
import { sourceActor, type SourcePrincipal } from '../../records/service-accounts.ts';
import type { ScimAccountFields, ScimAccountRecord, ScimChangeOutcome, ScimRepo } from '../../storage/store.ts';
import type { PresenceService } from '../../supervision/presence.ts';
import { ScimFailure } from './scim-error.ts';
import { parseEqualityFilter } from './scim-filter.ts';
import { groupsOf, type ScimGroupMap } from './scim-group-map.ts';
import { applyPatch, type ScimDocument } from './scim-patch.ts';

/** Enough to page every provisioned person in one read where a group lists its members. */
export const ALL_PEOPLE = 100_000;

export interface ScimUsers {
  create(provider: SourcePrincipal, body: unknown): Promise<ScimUser>;
  get(userId: string): Promise<ScimUser>;
  list(query: unknown): Promise<ScimUserList>;
  replace(provider: SourcePrincipal, userId: string, body: unknown, ifMatch: string | undefined): Promise<ScimUser>;
  patch(provider: SourcePrincipal, userId: string, body: unknown, ifMatch: string | undefined): Promise<ScimUser>;
  remove(provider: SourcePrincipal, userId: string, ifMatch: string | undefined): Promise<void>;
  /** Refuses (audited, with the provider as actor) a body that carries a card number or is nested too deep. */
  screen(provider: SourcePrincipal, body: unknown, target: { kind: 'account' | 'url'; id: string | null }): Promise<void>;
  /** Puts a person in or out of groups (a Group PATCH or PUT): their roles follow, audited like any change. */
  setGroups(provider: SourcePrincipal, userId: string, change: (groups: readonly string[]) => string[]): Promise<void>;
}

export const etagOf = (version: number): string => `W/"${version}"`;
/** A write without If-Match that keeps meeting a parallel change gives up after this many reads. */
const WRITE_ATTEMPTS = 5;

/** The version an If-Match names: null for none or `*`; a header naming no version matches none. */
function expectedVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(ifMatch);
  return match?.[1] === undefined ? -1 : Number(match[1]);
}

/** Parses with a SCIM answer on failure; the detail names fields, never values. */
export function parseScim<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ScimFailure(400, `${what}: ${describeIssues(parsed.error)}`.slice(0, 500), 'invalidValue');
  return parsed.data;
}

/** The DLP gate: a card number anywhere in what a provider sent (key or value) refuses all of it; null when none. */
function panRefusal(body: unknown): { failure: ScimFailure; reason: string } | null {
  const found = findPanField(body, []);
  if (found === null) return null;
  return found.kind === 'pan'
    ? { failure: new ScimFailure(400, `${found.field}: a card number is not accepted here; nothing was stored`, 'invalidValue'), reason: 'pan_in_payload' }
    : { failure: new ScimFailure(400, `${found.field}: nested too deep; nothing was stored`, 'invalidSyntax'), reason: 'payload_too_deep' };
}

export const profileOf = (record: Pick<ScimAccountRecord, 'profileJson'>): ScimProfile => ScimProfileSchema.parse(JSON.parse(record.profileJson));

export function createScimUsers(deps: { repo: ScimRepo; audit: GatewayAudit; presence: Pick<PresenceService, 'sessionEnded'>; clock: Clock; groups: ScimGroupMap }): ScimUsers {
  const { repo, audit, presence, clock, groups } = deps;

  const view = (record: ScimAccountRecord): ScimUser => {
    const profile = profileOf(record);
    return {
      schemas: [SCIM_SCHEMA.user],
      id: record.userId,
      ...(record.externalId === null ? {} : { externalId: record.externalId }),
      userName: record.username,
      displayName: record.displayName,
      ...(profile.name === undefined ? {} : { name: profile.name }),
      emails: profile.emails.map((email) => ({ ...email, ...(email.primary === undefined ? {} : { primary: email.primary }) })),
      active: record.disabledAt === null,
      groups: groupsOf(groups, profile.groups).map((group) => ({ value: group.id, display: group.displayName })),
      roles: record.roles.map((role) => ({ value: role })),
      meta: {
        resourceType: 'User',
        created: new Date(record.createdAt).toISOString(),
        lastModified: new Date(record.modifiedAt).toISOString(),
        version: etagOf(record.version),
        location: `/scim/v2/Users/${record.userId}`,
      },
    };
  };

  /** The document a PATCH works on: the writable attributes as SCIM names them. */
  const documentOf = (record: ScimAccountRecord): ScimDocument => {
    const user = view(record);
    return { userName: user.userName, externalId: user.externalId, displayName: user.displayName, name: user.name, emails: user.emails, active: user.active };
  };

  const rolesOf = (groupIds: readonly string[]): Role[] => [...new Set(groupsOf(groups, groupIds).map((group) => group.role))];

  const fieldsOf = (input: ScimUserInput, groupIds: readonly string[]): ScimAccountFields => {
    const profile: ScimProfile = { ...(input.name === undefined ? {} : { name: input.name }), emails: input.emails ?? [], groups: [...groupIds] };
    const fromName = [input.name?.givenName, input.name?.familyName].filter((part) => part !== undefined && part !== '').join(' ');
    return {
      username: input.userName,
      displayName: input.displayName ?? ([input.name?.formatted, fromName].find((name) => name !== undefined && name !== '') ?? input.userName),
      externalId: input.externalId ?? null,
      profileJson: JSON.stringify(profile),
      roles: rolesOf(groupIds),
      active: input.active,
    };
  };

  const entry = (provider: SourcePrincipal, type: AuditEventType, action: string, userId: string, details: Record<string, string | number> = {}, refused?: string): GatewayAuditInput => ({
    type,
    outcome: refused === undefined ? 'success' : 'failure',
    ...(refused === undefined ? {} : { reason: refused }),
    actor: sourceActor(provider),
    target: { kind: 'account', id: userId },
    details: { action, reason: `SCIM provisioning by ${provider.source}`, ...details },
  });

  /** The records of what a change decided, for its transaction: its refusal, or each aspect it changed (a DELETE first). */
  const changeRecords = (provider: SourcePrincipal, userId: string, outcome: ScimChangeOutcome, deleted = false): AuditEvent[] => {
    if (!outcome.ok) return [audit.prepare(entry(provider, 'admin.user.change', 'scim_update', userId, {}, outcome.refusal))];
    const { before, account } = outcome;
    const inputs: GatewayAuditInput[] = [];
    if (deleted) inputs.push(entry(provider, 'account.delete', 'delete', userId, { sessionsEnded: outcome.endedSessions.length }));
    if (before.disabledAt === null && account.disabledAt !== null) inputs.push(entry(provider, 'admin.user.change', 'disable', userId, { sessionsEnded: outcome.endedSessions.length }));
    if (before.disabledAt !== null && account.disabledAt === null) inputs.push(entry(provider, 'admin.user.change', 'enable', userId));
    if (before.roles.join(',') !== account.roles.join(',')) {
      inputs.push(entry(provider, 'account.role.change', 'roles', userId, { roles: account.roles.join(','), previousRoles: before.roles.join(',') }));
    }
    const profileChanged = before.username !== account.username || before.displayName !== account.displayName || before.externalId !== account.externalId || before.profileJson !== account.profileJson;
    if (profileChanged) inputs.push(entry(provider, 'admin.user.change', 'scim_update', userId, { username: account.username }));
    return inputs.map((each) => audit.prepare(each));
  };

  /** Ends the sessions a committed change revoked; refusals answer as SCIM says. */
  const settle = async (outcome: ScimChangeOutcome): Promise<ScimAccountRecord> => {
    if (!outcome.ok) {
      if (outcome.refusal === 'not_found') throw new ScimFailure(404, 'No such user');
      if (outcome.refusal === 'version_mismatch') throw new ScimFailure(412, 'The user changed since the version in If-Match');
      throw new ScimFailure(409, 'That userName is taken', 'uniqueness');
    }
    // The sessions are revoked in the store already: this shows the desks signed out and closes their streams now.
    for (const session of outcome.endedSessions) await presence.sessionEnded(session);
    return outcome.account;
  };

  const screen = async (provider: SourcePrincipal, body: unknown, target: { kind: 'account' | 'url'; id: string | null }): Promise<void> => {
    const refusal = panRefusal(body);
    if (refusal === null) return;
    await audit.record({
      type: 'access.denied',
      outcome: 'failure',
      reason: refusal.reason,
      actor: sourceActor(provider),
      target,
      details: { action: 'scim_refused', reason: refusal.failure.message },
    });
    throw refusal.failure;
  };

  const current = async (userId: string): Promise<ScimAccountRecord> => {
    const found = await repo.find(userId);
    if (found === null) throw new ScimFailure(404, 'No such user');
    return found;
  };

  /**
   * Writes what `next` makes of the account as read. With an If-Match the version must be the one named; without,
   * a change that raced this one (a provider sends requests in parallel) is read again and `next` applied to it.
   */
  const write = async (provider: SourcePrincipal, first: ScimAccountRecord, ifMatch: string | undefined, next: (before: ScimAccountRecord) => ScimAccountFields): Promise<ScimUser> => {
    const named = expectedVersion(ifMatch);
    let before = first;
    for (let attempt = 1; ; attempt++) {
      const final = (outcome: ScimChangeOutcome): boolean => outcome.ok || outcome.refusal !== 'version_mismatch' || named !== null || attempt === WRITE_ATTEMPTS;
      const change = { expectedVersion: named ?? before.version, fields: next(before), at: clock.now() };
      const userId = before.userId;
      // A race lost that is tried again leaves no record: only the attempt that answers is on record.
      const outcome = await audit.commit(() => repo.update(userId, change, (decided) => (final(decided) ? changeRecords(provider, userId, decided) : [])));
      if (final(outcome)) return view(await settle(outcome));
      before = await current(before.userId);
    }
  };

  return {
    async create(provider, body) {
      await screen(provider, body, { kind: 'url', id: 'POST /scim/v2/Users' });
      const input = parseScim(ScimUserInputSchema, body, 'User');
      const userId = panFreeId(() => `u-${randomUUID()}`);
      // No password opens an SSO-only account: this one is random and never shown.
      const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
      const created = await audit.commit(() =>
        repo.create({ ...fieldsOf(input, []), userId, passwordHash, at: clock.now() }, (stored) => [
          audit.prepare(
            stored
              ? entry(provider, 'account.create', 'create', userId, { username: input.userName, roles: '', active: String(input.active) })
              : entry(provider, 'account.create', 'create', userId, { username: input.userName }, 'username_taken'),
          ),
        ]),
      );
      if (!created) throw new ScimFailure(409, 'That userName is taken', 'uniqueness');
      return view(await current(userId));
    },
    get: async (userId) => view(await current(userId)),
    async list(query) {
      const { filter, startIndex, count }: ScimListQuery = parseScim(ScimListQuerySchema, query, 'query');
      const where = filter === undefined ? undefined : parseEqualityFilter(filter, ['username', 'externalid']);
      const page = await repo.list({
        ...(where === undefined ? {} : { where: { attribute: where.attribute === 'username' ? 'userName' : 'externalId', value: where.value } }),
        offset: startIndex - 1,
        limit: count,
      });
      return { schemas: [SCIM_SCHEMA.list], totalResults: page.total, startIndex, itemsPerPage: page.accounts.length, Resources: page.accounts.map(view) };
    },
    async replace(provider, userId, body, ifMatch) {
      const before = await current(userId);
      await screen(provider, body, { kind: 'account', id: before.userId });
      const input = parseScim(ScimUserInputSchema, body, 'User');
      return write(provider, before, ifMatch, (latest) => fieldsOf(input, profileOf(latest).groups));
    },
    async patch(provider, userId, body, ifMatch) {
      const before = await current(userId);
      await screen(provider, body, { kind: 'account', id: before.userId });
      const { Operations } = parseScim(ScimPatchRequestSchema, body, 'PatchOp');
      return write(provider, before, ifMatch, (latest) =>
        fieldsOf(parseScim(ScimUserInputSchema, applyPatch(documentOf(latest), Operations), 'User after the PATCH'), profileOf(latest).groups),
      );
    },
    async remove(provider, userId, ifMatch) {
      const outcome = await audit.commit(() => repo.remove(userId, { expectedVersion: expectedVersion(ifMatch), at: clock.now() }, (decided) => changeRecords(provider, userId, decided, true)));
      await settle(outcome);
    },
    screen,
    async setGroups(provider, userId, change) {
      await write(provider, await current(userId), undefined, (latest) =>
        fieldsOf(parseScim(ScimUserInputSchema, documentOf(latest), 'User'), change(profileOf(latest).groups)),
      );
    },
  };
}
