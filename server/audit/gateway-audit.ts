// The gateway's own audit trail (logins, supervisor reads, alert acks): hash
// chained like a device's, stored beside device events under device ID
// `gateway`, and streamed to supervisors. Administrative changes append their
// records in the change's own transaction (storage's gateway-chain.ts) and are
// published here once committed.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AuditEventSchema, type AuditEvent } from '../../shared/audit.ts';
import { GENESIS_HASH } from '../../shared/audit-chain.ts';
import { panFreeId } from '../../shared/pan.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { GATEWAY_DEVICE_ID } from '../../shared/gateway-device.ts';
import { chainHash } from '../core/hashing.ts';
import { GatewayError } from '../errors.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { LiveFeed } from '../supervision/live-feed.ts';
import { isUniqueViolation } from '../storage/dialect.ts';
import { ChainHeadConflict, type AuditRepo } from '../storage/store.ts';

/** Appends tried before giving up when other instances keep taking the gateway chain's next sequence first. */
const HEAD_RACE_ATTEMPTS = 20;

export function createGatewayAudit(deps: {
  repo: AuditRepo;
  clock: Clock;
  live: Pick<LiveFeed, 'publish'>;
  queue: SerialQueue;
  version: string;
}): GatewayAudit {
  const origin = { deviceId: GATEWAY_DEVICE_ID, appVersion: deps.version, host: hostname().slice(0, 255) || 'gateway' };
  // The head this instance last wrote, so the next record need not read it back; null once unsure (another
  // instance took the next sequence, or an append failed): then it is read from the store.
  let lastWritten: { seq: number; hash: string } | null = null;
  const prepare: GatewayAudit['prepare'] = (input) =>
    AuditEventSchema.parse({
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
  const publish = (deviceSeq: { seq: number; receivedAt: string; event: AuditEvent }) =>
    deps.live.publish({ type: 'audit', data: { deviceId: GATEWAY_DEVICE_ID, ...deviceSeq } });
  return {
    prepare,
    async commit(write) {
      let audited;
      try {
        audited = await write();
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw new GatewayError('audit_unavailable', 'The gateway could not write this change with its audit record; nothing was done', { cause: error });
      }
      await Promise.all(audited.chained.map(publish));
      return audited.outcome;
    },
    record: async (input) => {
      const { event, onFeed } = await deps.queue.run(async () => {
        const event = prepare(input);
        let seq: number;
        const receivedAt = event.at;
        try {
          // Every instance appends to the one gateway chain: one that lost the head to another reads it again.
          for (let attempt = 1; ; attempt++) {
            const head = lastWritten ?? (await deps.repo.head(GATEWAY_DEVICE_ID));
            seq = (head?.seq ?? 0) + 1;
            const prevHash = head?.hash ?? GENESIS_HASH;
            const hash = chainHash(prevHash, seq, event);
            try {
              // The append moves the head only from `seq - 1`: a stale remembered head fails here, never forks the chain.
              await deps.repo.appendBatch([{ deviceId: GATEWAY_DEVICE_ID, seq, prevHash, hash, event, receivedAt }], null);
              lastWritten = { seq, hash };
              break;
            } catch (error) {
              lastWritten = null;
              if (attempt >= HEAD_RACE_ATTEMPTS || !(error instanceof ChainHeadConflict || isUniqueViolation(error))) throw error;
            }
          }
        } catch (error) {
          // No audit, no action: the caller's action fails with a typed error instead of going ahead unrecorded.
          throw new GatewayError('audit_unavailable', 'The gateway could not write its audit trail; nothing was done', { cause: error });
        }
        // Queued for the feed in chain order; awaited outside the chain's queue so the next record need not wait for it.
        return { event, onFeed: publish({ seq, receivedAt, event }) };
      });
      await onFeed;
      return event;
    },
  };
}
