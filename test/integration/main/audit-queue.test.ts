// The audit queue against real SQLite files and the real OS keychain.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditAppendError, AuditQueueFullError } from '../../../main/audit/audit-queue.ts';
import { secretAccounts } from '../../../main/secrets/secret-store.ts';
import { lookupEvent, queueFixture, type QueueFixture } from '../../support/audit-queue.ts';

let fixture: QueueFixture;
afterEach(async () => {
  await fixture.keychain.cleanup();
});

const typesIn = (fx: QueueFixture): string[] => {
  const db = new Database(fx.dbPath, { readonly: true });
  try {
    return db.prepare<[], { seq: number }>('SELECT seq FROM events ORDER BY seq').all().map((r) => String(r.seq));
  } finally {
    db.close();
  }
};

describe('AuditQueue', () => {
  it('commits before append returns, survives reopening, and verifies', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    const appended = [1, 2, 3].map((n) => queue.append(lookupEvent(n)));
    queue.close();

    const reopened = await fixture.open();
    expect(reopened.integrity()).toEqual({ status: 'ok' });
    const events = reopened.pending(100).map((e) => e.event.id);
    for (const event of appended) expect(events).toContain(event.id);
    reopened.close();
  });

  it('keeps its keys in the keychain and creates its files with mode 0600', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    queue.append(lookupEvent(1));
    expect(await fixture.keychain.get(secretAccounts.auditKeys(fixture.deviceId))).toMatch(/"current":"k1"/);
    expect(await fixture.keychain.get(secretAccounts.deviceSigningKey(fixture.deviceId))).not.toBeNull();
    expect(statSync(fixture.dbPath).mode & 0o777).toBe(0o600);
    expect(statSync(`${fixture.dbPath}-wal`).mode & 0o777).toBe(0o600);
    queue.close();
  });

  it('stores events encrypted, never in plaintext', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    queue.append({ ...lookupEvent(1), details: { marker: 'plaintext-canary-7f3a' } });
    queue.close();
    const files = readdirSync(fixture.dir).filter((f) => f.startsWith('audit.sqlite'));
    expect(files).toContain('audit.sqlite');
    for (const file of files) {
      const bytes = readFileSync(join(fixture.dir, file));
      expect(bytes.includes(Buffer.from('plaintext-canary-7f3a'))).toBe(false);
      expect(bytes.includes(Buffer.from('agent.ana'))).toBe(false);
    }
  });

  it('refuses an event that carries a PAN, storing nothing', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    const before = queue.status().lastSeq;
    expect(() => queue.append({ ...lookupEvent(1), target: { kind: 'card', id: '4111 1111 1111 1111' } })).toThrow(AuditAppendError);
    expect(queue.status().lastSeq).toBe(before);
    queue.close();
  });

  it('hands out pending entries in order and marks them synced only up to the ack', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    for (let n = 0; n < 10; n++) queue.append(lookupEvent(n));
    const pending = queue.pending(1000);
    expect(pending.map((e) => e.seq)).toEqual(pending.map((_, i) => i + 1));
    for (let i = 1; i < pending.length; i++) expect(pending[i]?.prevHash).toBe(pending[i - 1]?.hash);
    const depth = queue.status().depth;
    expect(queue.markSynced(4)).toBe(4);
    expect(queue.status().depth).toBe(depth - 4);
    expect(queue.pending(1)[0]?.seq).toBe(5);
    queue.close();
  });

  it('is bounded: refuses with a clear error when full, records that once, and never drops unsynced events', async () => {
    fixture = queueFixture();
    const queue = await fixture.open({ maxUnsynced: 8 });
    while (queue.canAppend()) queue.append(lookupEvent(1));
    expect(() => queue.append(lookupEvent(2))).toThrow(AuditQueueFullError);
    expect(() => queue.append(lookupEvent(3))).toThrow(/actions are refused until it syncs/);
    const pending = queue.pending(100);
    expect(pending.filter((e) => e.event.type === 'audit.queue.full')).toHaveLength(1);
    expect(pending.filter((e) => e.event.type === 'customer.lookup').length).toBeGreaterThan(0);
    queue.markSynced(queue.status().lastSeq);
    expect(queue.append(lookupEvent(4)).type).toBe('customer.lookup');
    queue.close();
  });

  it('purges synced events after the retention and still verifies from the purge point', async () => {
    fixture = queueFixture();
    const queue = await fixture.open({ retentionDays: 1 });
    for (let n = 0; n < 5; n++) queue.append(lookupEvent(n));
    queue.markSynced(4);
    fixture.clock.advance(2 * 86_400_000);
    expect(queue.purgeSynced()).toBe(4);
    queue.close();
    const reopened = await fixture.open({ retentionDays: 1 });
    expect(reopened.integrity()).toEqual({ status: 'ok' });
    expect(reopened.pending(100)[0]?.seq).toBe(5);
    reopened.close();
  });

  it('rotates its data key, keeping old rows readable', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    queue.append(lookupEvent(1));
    expect(await queue.rotateKey()).toBe('k2');
    queue.append(lookupEvent(2));
    queue.close();
    const reopened = await fixture.open();
    expect(reopened.integrity()).toEqual({ status: 'ok' });
    const db = new Database(fixture.dbPath, { readonly: true });
    expect(db.prepare<[], { key_id: string }>('SELECT DISTINCT key_id FROM events').all().map((r) => r.key_id).sort()).toEqual(['k1', 'k2']);
    db.close();
    reopened.close();
  });
});

describe('tamper evidence', () => {
  const tamper = async (sql: (db: Database.Database) => void) => {
    fixture = queueFixture();
    const queue = await fixture.open();
    for (let n = 0; n < 6; n++) queue.append(lookupEvent(n));
    queue.close();
    const db = new Database(fixture.dbPath);
    sql(db);
    db.close();
    const rowsBefore = typesIn(fixture);
    const reopened = await fixture.open();
    const evidenceKept = rowsBefore.every((seq) => typesIn(fixture).includes(seq));
    return { reopened, evidenceKept };
  };

  it('detects an edited row', async () => {
    const { reopened, evidenceKept } = await tamper((db) => {
      const row = db.prepare<[], { sealed: Buffer }>('SELECT sealed FROM events WHERE seq = 4').get();
      if (row === undefined) throw new Error('no row 4');
      row.sealed[0] = (row.sealed[0] ?? 0) ^ 0xff;
      db.prepare('UPDATE events SET sealed = ? WHERE seq = 4').run(row.sealed);
    });
    expect(reopened.integrity()).toMatchObject({ status: 'failed', reason: 'tag at seq 4 (3 verified)' });
    expect(evidenceKept).toBe(true);
    const last = reopened.status().lastSeq;
    reopened.close();
    expect(last).toBeGreaterThan(6);
  });

  it('detects a deleted row', async () => {
    const { reopened } = await tamper((db) => db.prepare('DELETE FROM events WHERE seq = 3').run());
    expect(reopened.integrity()).toMatchObject({ status: 'failed', reason: expect.stringContaining('gap at seq 4 ') as unknown });
    reopened.close();
  });

  it('detects reordered rows', async () => {
    const { reopened } = await tamper((db) => {
      db.prepare('UPDATE events SET seq = 1000 WHERE seq = 2').run();
      db.prepare('UPDATE events SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE events SET seq = 3 WHERE seq = 1000').run();
    });
    expect(reopened.integrity()).toMatchObject({ status: 'failed', reason: expect.stringContaining('link at seq 2 ') as unknown });
    reopened.close();
  });

  it('detects a row re-encrypted in another place (AAD binds the position)', async () => {
    const { reopened } = await tamper((db) => {
      const a = db.prepare<[], { nonce: Buffer; sealed: Buffer }>('SELECT nonce, sealed FROM events WHERE seq = 5').get();
      if (a === undefined) throw new Error('no row 5');
      db.prepare('UPDATE events SET nonce = ?, sealed = ? WHERE seq = 6').run(a.nonce, a.sealed);
    });
    expect(reopened.integrity()).toMatchObject({ status: 'failed', reason: expect.stringContaining('tag at seq 6 ') as unknown });
    reopened.close();
  });

  it('records the integrity failure in the trail itself', async () => {
    const { reopened } = await tamper((db) => db.prepare('UPDATE events SET hash = ? WHERE seq = 2').run('0'.repeat(64)));
    expect(reopened.integrity()).toMatchObject({ status: 'failed', reason: expect.stringContaining('hash at seq 2 ') as unknown });
    const failures = reopened.pending(1000).filter((e) => e.event.type === 'audit.integrity.failure');
    reopened.close();
    expect(failures).toHaveLength(1);
    expect(failures[0]?.event).toMatchObject({ outcome: 'failure', reason: 'hash', details: { seq: 2 } });
  });
});
