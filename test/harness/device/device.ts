// A test desk: its Ed25519 key and its audit hash chain, built exactly as the
// contract says (shared/audit-chain.ts, shared/device-proof.ts), so batches and
// sign-in proofs can be sent to a real gateway.
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { heartbeatSigningMessage, type AuditBatch, type AuditBatchEntry, type Heartbeat, type HeartbeatBody } from '../../../shared/api.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import { batchSigningMessage, chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { loginProofMessage, sessionProofMessage, ssoProofMessage } from '../../../shared/device-proof.ts';
import { panFreeId } from '../../../shared/pan.ts';
import type { EnrolmentPresentation } from '../../../shared/schemas/admin.ts';
import { sampleAuditEvent } from './audit-events.ts';

export class TestDevice {
  readonly deviceId: string;
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private seq = 0;
  private head = GENESIS_HASH;
  private lastHeartbeatAt = 0;

  constructor(deviceId = `desk-${randomUUID().slice(0, 8)}`) {
    const pair = generateKeyPairSync('ed25519');
    this.deviceId = deviceId;
    this.privateKey = pair.privateKey;
    const jwk = pair.publicKey.export({ format: 'jwk' });
    if (jwk.x === undefined) throw new Error('no Ed25519 public key');
    this.publicKey = jwk.x;
  }

  info(appVersion = '0.1.0-test'): { deviceId: string; publicKey: string; appVersion: string } {
    return { deviceId: this.deviceId, publicKey: this.publicKey, appVersion };
  }

  /**
   * The login's proof of possession over a challenge nonce and the enrolment presented with it (if any);
   * `signWith` lets a test sign with a key it does not enrol.
   */
  loginProof(nonce: string, username: string, options: { signWith?: KeyObject; enrolment?: EnrolmentPresentation } = {}): { nonce: string; signature: string } {
    const message = loginProofMessage({ nonce, deviceId: this.deviceId, publicKey: this.publicKey, username, enrolment: options.enrolment });
    return { nonce, signature: this.sign(message, options.signWith) };
  }

  /** A single sign-on redemption's proof of possession over a challenge nonce, the attempt's state and the code. */
  ssoProof(nonce: string, state: string, code: string, options: { signWith?: KeyObject; enrolment?: EnrolmentPresentation } = {}): { nonce: string; signature: string } {
    const message = ssoProofMessage({ nonce, deviceId: this.deviceId, publicKey: this.publicKey, state, code, enrolment: options.enrolment });
    return { nonce, signature: this.sign(message, options.signWith) };
  }

  /** A refresh (or unlock) body part: the token with this device key's signature over it. */
  sessionProof(purpose: 'refresh' | 'reauth', refreshToken: string, options: { signWith?: KeyObject } = {}) {
    const signature = this.sign(sessionProofMessage(purpose, { deviceId: this.deviceId, refreshToken }), options.signWith);
    return { refreshToken, deviceId: this.deviceId, signature };
  }

  /** An audit event from this desk; `at` defaults to now. */
  event(overrides: Partial<AuditEvent> = {}): AuditEvent {
    return sampleAuditEvent({
      id: panFreeId(randomUUID),
      at: new Date().toISOString(),
      origin: { deviceId: this.deviceId, appVersion: '0.1.0-test', host: 'test-desk' },
      ...overrides,
    });
  }

  /** Appends events to the local chain and returns the entries. */
  append(events: readonly AuditEvent[]): AuditBatchEntry[] {
    return events.map((event) => {
      this.seq += 1;
      const prevHash = this.head;
      const hash = createHash('sha256').update(chainMessage(prevHash, this.seq, canonicalJson(event)), 'utf8').digest('hex');
      this.head = hash;
      return { seq: this.seq, prevHash, hash, event };
    });
  }

  /** Ed25519 with this desk's key, base64url. */
  sign(message: string, signWith: KeyObject = this.privateKey): string {
    return sign(null, Buffer.from(message, 'utf8'), signWith).toString('base64url');
  }

  /**
   * A heartbeat as a desk sends it, signed, reporting this desk's chain head,
   * at `now` (the gateway's clock) or later: signing times strictly increase.
   */
  heartbeat(now: number, overrides: Partial<HeartbeatBody> = {}, options: { signWith?: KeyObject } = {}): Heartbeat {
    this.lastHeartbeatAt = Math.max(now, this.lastHeartbeatAt + 1);
    const body: HeartbeatBody = {
      deviceId: this.deviceId,
      state: 'active',
      captureProtection: 'protected',
      queueDepth: 0,
      oldestUnsyncedAgeMs: null,
      appVersion: '0.1.0-test',
      queueHead: { seq: this.seq, hash: this.head },
      syncedThroughSeq: 0,
      integrity: { status: 'ok' },
      sentAt: new Date(this.lastHeartbeatAt).toISOString(),
      ...overrides,
    };
    return { ...body, signature: this.sign(heartbeatSigningMessage(body), options.signWith) };
  }

  /** A signed batch of entries; `signWith` lets a test sign with a foreign key. */
  batch(entries: readonly AuditBatchEntry[], options: { batchId?: string; signWith?: KeyObject } = {}): AuditBatch {
    const first = entries[0];
    const last = entries.at(-1);
    if (first === undefined || last === undefined) throw new Error('empty batch');
    const batchId = options.batchId ?? panFreeId(randomUUID);
    const message = batchSigningMessage({
      deviceId: this.deviceId,
      batchId,
      firstSeq: first.seq,
      lastSeq: last.seq,
      headHash: last.hash,
    });
    const signature = this.sign(message, options.signWith);
    return { deviceId: this.deviceId, batchId, entries: [...entries], signature };
  }
}
