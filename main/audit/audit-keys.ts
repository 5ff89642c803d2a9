// The audit queue's keys, kept in the OS keychain and created on first use:
// AES-256 data keys by key ID (so the key can be rotated while old rows stay
// readable) and the device's Ed25519 signing key.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { secretAccounts, type SecretStore } from '../secrets/secret-store.ts';

const KeyringSchema = z.object({
  current: z.string().regex(/^k\d+$/),
  keys: z.record(z.string().regex(/^k\d+$/), z.string().regex(/^[A-Za-z0-9_-]{43}$/)),
});
type Keyring = z.infer<typeof KeyringSchema>;

export interface AuditKeys {
  readonly currentKeyId: string;
  key(keyId: string): Buffer | undefined;
  readonly signingKey: KeyObject;
  /** Raw Ed25519 public key, base64url: what the gateway enrolls. */
  readonly publicKey: string;
}

function keysFrom(ring: Keyring, signingKey: KeyObject): AuditKeys {
  const jwk = createPublicKey(signingKey).export({ format: 'jwk' });
  if (jwk.x === undefined) throw new Error('device signing key has no public part');
  const keys = new Map(Object.entries(ring.keys).map(([id, value]) => [id, Buffer.from(value, 'base64url')]));
  return { currentKeyId: ring.current, key: (id) => keys.get(id), signingKey, publicKey: jwk.x };
}

async function loadRing(secrets: SecretStore, deviceId: string): Promise<Keyring | null> {
  const stored = await secrets.get(secretAccounts.auditKeys(deviceId));
  if (stored === null) return null;
  return KeyringSchema.parse(JSON.parse(stored));
}

/**
 * The device key is a software key: PKCS#8 in the OS keychain, readable by any
 * process of the same OS user, so it can be copied. Non-exportable keys exist
 * only through native APIs this desk does not bind: a TPM through Windows CNG's
 * Platform Crypto Provider, the Secure Enclave on macOS (P-256 only, not
 * Ed25519), a TPM through tpm2-tss on Linux. Node's crypto reaches none of
 * them, and neither does the Linux machine this is built and tested on, so no
 * platform here gets one. What bounds a copied key instead is at the gateway:
 * a locked session takes nothing but an unlock, which needs the password
 * (and one-time code), and every use of a locked session's tokens is alerted.
 */
async function loadSigningKey(secrets: SecretStore, deviceId: string): Promise<KeyObject> {
  const account = secretAccounts.deviceSigningKey(deviceId);
  const stored = await secrets.get(account);
  if (stored !== null) return createPrivateKey({ key: Buffer.from(stored, 'base64url'), format: 'der', type: 'pkcs8' });
  const { privateKey } = generateKeyPairSync('ed25519');
  await secrets.set(account, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'));
  return privateKey;
}

/** Loads the keys, creating them the first time; `created` says which were new, for the audit trail. */
export async function loadAuditKeys(secrets: SecretStore, deviceId: string): Promise<{ keys: AuditKeys; createdDataKey: boolean }> {
  let ring = await loadRing(secrets, deviceId);
  const createdDataKey = ring === null;
  if (ring === null) {
    ring = { current: 'k1', keys: { k1: randomBytes(32).toString('base64url') } };
    await secrets.set(secretAccounts.auditKeys(deviceId), JSON.stringify(ring));
  }
  return { keys: keysFrom(ring, await loadSigningKey(secrets, deviceId)), createdDataKey };
}

/** Adds a new data key and makes it current; earlier keys stay for reading old rows. */
export async function rotateAuditKey(secrets: SecretStore, deviceId: string): Promise<AuditKeys> {
  const ring = await loadRing(secrets, deviceId);
  if (ring === null) throw new Error('no audit keys to rotate');
  const next = `k${Math.max(...Object.keys(ring.keys).map((id) => Number(id.slice(1)))) + 1}`;
  const rotated: Keyring = { current: next, keys: { ...ring.keys, [next]: randomBytes(32).toString('base64url') } };
  await secrets.set(secretAccounts.auditKeys(deviceId), JSON.stringify(rotated));
  return keysFrom(rotated, await loadSigningKey(secrets, deviceId));
}
