// Service accounts of the systems of record (issue 22): one per named source,
// created by an admin with a reason and scoped to the record types it may
// write. Its bearer token and webhook secret are shown once: the gateway keeps
// the token's SHA-256 (it has 256 random bits, so a key would add nothing) and
// the webhook secret sealed, because checking a signature needs it back.
// Creation and revocation are on the gateway's audit chain like any admin action.
// A contact-center platform's account carries what its call events are read
// with; Twilio signs with its own auth token, so that token, supplied by the
// admin, is the account's sealed webhook secret and is never shown back.
import { randomBytes, randomUUID } from 'node:crypto';
import { panFreeId } from '../../shared/pan.ts';
import type {
  ContactCenterLink,
  CreateServiceAccountRequest,
  ServiceAccount,
  ServiceAccountGrant,
  ServiceAccountScope,
  UpdateContactCenterRequest,
} from '../../shared/schemas/service-accounts.ts';
import type { WebhookMapping } from '../../shared/schemas/webhook-mapping.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit, GatewayAuditInput } from '../core/audit-port.ts';
import { sha256Hex } from '../core/hashing.ts';
import { GatewayError } from '../errors.ts';
import type { SecretBox } from '../identity/secret-box.ts';
import type { ServiceAccountRecord, ServiceAccountRepo } from '../storage/store.ts';
import { findPanField } from './pan-guard.ts';

type Actor = GatewayAuditInput['actor'];

/** Who a source's request speaks for: its service account. */
export interface SourcePrincipal {
  readonly accountId: string;
  readonly source: string;
  readonly recordTypes: readonly ServiceAccountScope[];
}

/** The audit actor of what a source does: its service account, with no role of a person. */
export const sourceActor = (principal: Pick<SourcePrincipal, 'accountId' | 'source'>): Actor => ({
  userId: principal.accountId,
  username: `source:${principal.source}`,
  roles: [],
});

export const TOKEN_PREFIX = 'sdsa_';
const WEBHOOK_SECRET_PREFIX = 'whsec_';
const secret = (prefix: string): string => panFreeId(() => `${prefix}${randomBytes(32).toString('base64url')}`);
export const hashServiceToken = (token: string): string => sha256Hex(`sentinel-service-token\n${token}`);
const sealContext = (accountId: string): string => `service-account-webhook:${accountId}`;

const view = (record: ServiceAccountRecord): ServiceAccount => ({
  accountId: record.accountId,
  source: record.source,
  recordTypes: [...record.recordTypes],
  contactCenter: record.contactCenter,
  reason: record.reason,
  createdAt: new Date(record.createdAt).toISOString(),
  createdBy: record.createdBy,
  revokedAt: record.revokedAt === null ? null : new Date(record.revokedAt).toISOString(),
});

/** What is kept of a declared platform: everything but Twilio's auth token, which is sealed as the webhook secret. */
const linkOf = ({ platform, agents, callbackUrl }: { platform: ContactCenterLink['platform']; agents: ContactCenterLink['agents']; callbackUrl?: string | undefined }): ContactCenterLink => ({
  platform,
  agents,
  ...(callbackUrl === undefined ? {} : { callbackUrl }),
});

/** A platform account's kind and the size of its agent map, on the creation's audit event. */
const platformDetails = ({ contactCenter }: CreateServiceAccountRequest): Record<string, string | number> =>
  contactCenter === undefined ? {} : { platform: contactCenter.platform, agents: Object.keys(contactCenter.agents).length };

export interface WebhookSigner {
  readonly principal: SourcePrincipal;
  readonly secret: string;
  readonly mappings: readonly WebhookMapping[];
  readonly contactCenter: ContactCenterLink | null;
}

export interface ServiceAccounts {
  list(): Promise<ServiceAccount[]>;
  create(admin: Actor, request: CreateServiceAccountRequest): Promise<ServiceAccountGrant>;
  revoke(admin: Actor, accountId: string, reason: string): Promise<ServiceAccount>;
  /** A live platform account's agent map and callback URL; its kind and secret stay. */
  updateContactCenter(admin: Actor, accountId: string, request: UpdateContactCenterRequest): Promise<ServiceAccount>;
  /** The live account a bearer token belongs to, or null. */
  authenticate(token: string): Promise<SourcePrincipal | null>;
  /** The live account of a source, its webhook secret, payload mappings and contact-center link, or null. */
  webhookSigner(source: string): Promise<WebhookSigner | null>;
}

export function createServiceAccounts(deps: { repo: ServiceAccountRepo; seal: SecretBox; audit: GatewayAudit; clock: Clock }): ServiceAccounts {
  const { repo, seal, audit, clock } = deps;
  const principalOf = (record: ServiceAccountRecord): SourcePrincipal => ({ accountId: record.accountId, source: record.source, recordTypes: record.recordTypes });
  return {
    list: async () => (await repo.list()).map(view),
    async create(admin, request) {
      // What an admin declares for a source is stored as written (its name, its mappings' paths, constants and tables): no card number in any of it.
      const found = findPanField(request, []);
      if (found?.kind === 'nameless_key') throw new GatewayError('invalid_request', `${found.field}: a key must hold a letter or a digit; no account was created`, { extra: { field: found.field } });
      if (found !== null) throw new GatewayError('pan_in_text', `${found.field}: a card number is not accepted here; no account was created`, { extra: { field: found.field } });
      const accountId = panFreeId(() => `sa-${randomUUID()}`);
      const token = secret(TOKEN_PREFIX);
      const authToken = request.contactCenter?.authToken;
      const signing = authToken === undefined ? { secret: secret(WEBHOOK_SECRET_PREFIX), shown: true } : { secret: authToken, shown: false };
      const record: ServiceAccountRecord = {
        accountId,
        source: request.source,
        recordTypes: request.recordTypes,
        tokenHash: hashServiceToken(token),
        webhookSecretSealed: seal.seal(signing.secret, sealContext(accountId)),
        webhookMappings: request.webhookMappings,
        contactCenter: request.contactCenter === undefined ? null : linkOf(request.contactCenter),
        reason: request.reason,
        createdAt: clock.now(),
        createdBy: admin.username ?? 'system',
        revokedAt: null,
      };
      const details = { action: 'create', source: request.source, recordTypes: request.recordTypes.join(','), ...platformDetails(request), reason: request.reason };
      if (!(await repo.insert(record))) {
        await audit.record({ type: 'integration.account.create', outcome: 'failure', reason: 'source_taken', actor: admin, target: { kind: 'service-account', id: null }, details });
        throw new GatewayError('conflict', `The source ${request.source} already has a live service account: revoke it first`);
      }
      await audit.record({ type: 'integration.account.create', outcome: 'success', actor: admin, target: { kind: 'service-account', id: accountId }, details });
      return { account: view(record), token, webhookSecret: signing.shown ? signing.secret : null };
    },
    async revoke(admin, accountId, reason) {
      const revoked = await repo.revoke(accountId, { at: clock.now(), by: admin.username ?? 'system', reason });
      const target = { kind: 'service-account' as const, id: accountId };
      if (revoked === null) {
        await audit.record({ type: 'integration.account.revoke', outcome: 'failure', reason: 'not_found', actor: admin, target, details: { action: 'revoke', reason } });
        throw new GatewayError('not_found', 'No such live service account');
      }
      await audit.record({ type: 'integration.account.revoke', outcome: 'success', actor: admin, target, details: { action: 'revoke', source: revoked.source, reason } });
      return view(revoked);
    },
    async updateContactCenter(admin, accountId, request) {
      const target = { kind: 'service-account' as const, id: accountId };
      const current = (await repo.findLive(accountId))?.contactCenter ?? null;
      const updated = current === null ? null : await repo.setContactCenter(accountId, linkOf({ ...current, agents: request.agents, callbackUrl: request.callbackUrl ?? current.callbackUrl }));
      if (updated === null) {
        await audit.record({ type: 'integration.account.update', outcome: 'failure', reason: 'not_found', actor: admin, target, details: { action: 'update', reason: request.reason } });
        throw new GatewayError('not_found', 'No such live contact-center platform account');
      }
      const details = { action: 'update', source: updated.source, agents: Object.keys(request.agents).length, callbackUrl: request.callbackUrl !== undefined, reason: request.reason };
      await audit.record({ type: 'integration.account.update', outcome: 'success', actor: admin, target, details });
      return view(updated);
    },
    async authenticate(token) {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const record = await repo.findByTokenHash(hashServiceToken(token));
      return record?.revokedAt === null ? principalOf(record) : null;
    },
    async webhookSigner(source) {
      const record = await repo.findLiveBySource(source);
      if (record === null) return null;
      return {
        principal: principalOf(record),
        secret: seal.open(record.webhookSecretSealed, sealContext(record.accountId)),
        mappings: record.webhookMappings,
        contactCenter: record.contactCenter,
      };
    },
  };
}
