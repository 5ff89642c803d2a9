// The gateway's own audit trail (logins, supervisor reads, alert acks): hash
// chained like a device's, stored beside device events under device ID
// `gateway`, and streamed to supervisors.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AuditEventSchema, type AuditEvent, type AuditEventType } from '../../shared/audit.ts';
import { chainMessage, GENESIS_HASH } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { panFreeId } from '../../shared/pan.ts';
import type { Role } from '../../shared/roles.ts';
import type { Clock } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { EventBus } from '../supervision/event-bus.ts';
import { isUniqueViolation } from '../storage/dialect.ts';
import { ChainHeadConflict, type AuditRepo } from '../storage/store.ts';

export const GATEWAY_DEVICE_ID = 'gateway';
/** Appends tried before giving up when other instances keep taking the gateway chain's next sequence first. */
const HEAD_RACE_ATTEMPTS = 20;

export interface GatewayAuditInput {
  readonly type: AuditEventType;
  readonly outcome: 'success' | 'failure';
  readonly reason?: string;
  readonly actor: { userId: string | null; username: string | null; roles: readonly Role[] };
  readonly target: AuditEvent['target'];
  readonly details?: AuditEvent['details'];
}

export interface GatewayAudit {
  record(input: GatewayAuditInput): Promise<AuditEvent>;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function createGatewayAudit(deps: {
  repo: AuditRepo;
  clock: Clock;
  bus: EventBus;
  queue: SerialQueue;
  version: string;
}): GatewayAudit {
  const origin = { deviceId: GATEWAY_DEVICE_ID, appVersion: deps.version, host: hostname().slice(0, 255) || 'gateway' };
  return {
    record: (input) =>
      deps.queue.run(async () => {
        const event = AuditEventSchema.parse({
          id: panFreeId(randomUUID),
          type: input.type,
          at: new Date(deps.clock.now()).toISOString(),
          outcome: input.outcome,
          reason: input.reason ?? null,
          actor: { userId: input.actor.userId, username: input.actor.username, roles: [...input.actor.roles] },
          origin,
          target: input.target,
          details: input.details ?? {},
        });
        let position: number | undefined;
        let seq: number;
        const receivedAt = event.at;
        for (let attempt = 1; ; attempt++) {
          try {
            const head = await deps.repo.head(GATEWAY_DEVICE_ID);
            seq = (head?.seq ?? 0) + 1;
            const prevHash = head?.hash ?? GENESIS_HASH;
            const hash = sha256Hex(chainMessage(prevHash, seq, canonicalJson(event)));
            [position] = await deps.repo.appendBatch([{ deviceId: GATEWAY_DEVICE_ID, seq, prevHash, hash, event, receivedAt }], null);
            break;
          } catch (error) {
            // Another gateway instance took this sequence number first: link to its event instead.
            const lostRace = error instanceof ChainHeadConflict || isUniqueViolation(error);
            if (lostRace && attempt < HEAD_RACE_ATTEMPTS) continue;
            // No audit, no action: the caller's action fails with a typed error instead of going ahead unrecorded.
            throw new GatewayError('audit_unavailable', 'The gateway could not write its audit trail; nothing was done', { cause: error });
          }
        }
        deps.bus.publish({ type: 'audit', data: { deviceId: GATEWAY_DEVICE_ID, seq, receivedAt, event } }, position);
        return event;
      }),
  };
}
