// The audit queue against real SQLite files and the real OS keychain.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditAppendError, AuditQueueFullError } from '../../../main/audit/audit-queue.ts';
import { secretAccounts } from '../../../main/secrets/secret-store.ts';
import { lookupEvent, queueFixture, type QueueFixture } from '../../harness/desk/audit-queue.ts';

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
    expect(reopened.verification).toMatchObject({ ok: true });
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
    expect(reopened.verification).toMatchObject({ ok: true });
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
    expect(reopened.verification).toMatchObject({ ok: true });
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
    expect(reopened.verification).toEqual({ ok: false, verified: 3, seq: 4, problem: 'tag' });
    expect(evidenceKept).toBe(true);
    const last = reopened.status().lastSeq;
    reopened.close();
    expect(last).toBeGreaterThan(6);
  });

  it('detects a deleted row', async () => {
    const { reopened } = await tamper((db) => db.prepare('DELETE FROM events WHERE seq = 3').run());
    expect(reopened.verification).toMatchObject({ ok: false, seq: 4, problem: 'gap' });
    reopened.close();
  });

  it('detects reordered rows', async () => {
    const { reopened } = await tamper((db) => {
      db.prepare('UPDATE events SET seq = 1000 WHERE seq = 2').run();
      db.prepare('UPDATE events SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE events SET seq = 3 WHERE seq = 1000').run();
    });
    expect(reopened.verification).toMatchObject({ ok: false, seq: 2, problem: 'link' });
    reopened.close();
  });

  it('detects a row re-encrypted in another place (AAD binds the position)', async () => {
    const { reopened } = await tamper((db) => {
      const a = db.prepare<[], { nonce: Buffer; sealed: Buffer }>('SELECT nonce, sealed FROM events WHERE seq = 5').get();
      if (a === undefined) throw new Error('no row 5');
      db.prepare('UPDATE events SET nonce = ?, sealed = ? WHERE seq = 6').run(a.nonce, a.sealed);
    });
    expect(reopened.verification).toMatchObject({ ok: false, seq: 6, problem: 'tag' });
    reopened.close();
  });

  it('records the integrity failure in the trail itself', async () => {
    const { reopened } = await tamper((db) => db.prepare('UPDATE events SET hash = ? WHERE seq = 2').run('0'.repeat(64)));
    expect(reopened.verification).toMatchObject({ ok: false, seq: 2, problem: 'hash' });
    expect(reopened.pending(1000)).toEqual([]);
    const failures = reopened.readStored().filter((e) => e.event?.type === 'audit.integrity.failure');
    reopened.close();
    expect(failures).toHaveLength(1);
    expect(failures[0]?.event).toMatchObject({ outcome: 'failure', reason: 'hash', details: { seq: 2 } });
  });
});

describe('a full queue never bricks the desk', () => {
  it('opens again and again past the cap, refuses user events, and keeps system events within the reserve', async () => {
    fixture = queueFixture();
    const options = { maxUnsynced: 8, systemReserve: 6 };
    const queue = await fixture.open(options);
    const openEvents = queue.status().depth;
    while (queue.canAppend()) queue.append(lookupEvent(1));
    expect(() => queue.append(lookupEvent(2))).toThrow(AuditQueueFullError);
    queue.close();
    // A desk offline for weeks restarts many times: every open succeeds, more than the reserve allows to record.
    for (let restart = 0; restart < 10; restart++) {
      const reopened = await fixture.open(options);
      expect(reopened.verification).toMatchObject({ ok: true });
      expect(() => reopened.append(lookupEvent(3))).toThrow(AuditQueueFullError);
      expect(reopened.status().depth).toBeLessThanOrEqual(8 + 6);
      reopened.close();
    }
    const last = await fixture.open(options);
    expect(last.status().depth).toBe(8 + 6);
    expect(last.status().systemEventsRefused).toBe(1);
    const types = last.pending(100).map((e) => e.event.type);
    expect(types.filter((t) => t === 'customer.lookup')).toHaveLength(8 - openEvents);
    // Said once per run while there is room for it.
    expect(types.filter((t) => t === 'audit.queue.full').length).toBeGreaterThanOrEqual(1);
    // Syncing frees the queue: user events are accepted again.
    last.markSynced(last.status().lastSeq);
    expect(last.append(lookupEvent(4)).type).toBe('customer.lookup');
    last.close();
  });

  it('holds capacity per action: of 20 racing reservations for 3 free places, exactly one gets its 3 slots', async () => {
    fixture = queueFixture();
    const queue = await fixture.open({ maxUnsynced: 10 });
    while (queue.status().depth < 7) queue.append(lookupEvent(1));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        await Promise.resolve();
        try {
          return queue.reserveSlots(3, 'user');
        } catch (error) {
          if (error instanceof AuditQueueFullError) return null;
          throw error;
        }
      }),
    );
    const granted = outcomes.filter((r) => r !== null);
    expect(granted).toHaveLength(1);
    // Nobody else can take the held places while the action runs.
    expect(queue.canAppend()).toBe(false);
    for (let i = 0; i < 3; i++) granted[0]?.append(lookupEvent(i));
    expect(() => granted[0]?.append(lookupEvent(9))).toThrow(AuditAppendError);
    granted[0]?.release();
    // The 7 before, the one "queue full" note the refusals wrote (from the reserve), and the 3 held.
    expect(queue.status().depth).toBe(11);
    expect(queue.pending(100).filter((e) => e.event.type === 'audit.queue.full')).toHaveLength(1);
    queue.close();
  });
});

describe('integrity state, cursor and head', () => {
  const filled = async (rows: number) => {
    fixture = queueFixture();
    const queue = await fixture.open();
    for (let n = 0; n < rows; n++) queue.append(lookupEvent(n));
    return queue;
  };
  const edit = (sql: (db: Database.Database) => void): void => {
    const db = new Database(fixture.dbPath);
    sql(db);
    db.close();
  };

  it('reports the chain head as the last stored row, and moves it with each append', async () => {
    fixture = queueFixture();
    const queue = await fixture.open();
    const head = queue.chainHead();
    const rows = new Database(fixture.dbPath, { readonly: true });
    const last = rows.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get();
    rows.close();
    expect(head).toEqual(last);
    queue.append(lookupEvent(1));
    expect(queue.chainHead().seq).toBe(head.seq + 1);
    queue.close();
  });

  it('a row edited while the desk runs fails integrity at the next sync read: the prefix is handed out, then nothing', async () => {
    const queue = await filled(6);
    expect(queue.integrity()).toEqual({ status: 'ok' });
    edit((db) => db.prepare("UPDATE events SET hash = ? WHERE seq = 5").run('e'.repeat(64)));
    const pending = queue.pending(100);
    expect(pending.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(queue.integrity()).toMatchObject({ status: 'failed', reason: `hash at seq 5; clearance ${queue.integrityClearance() ?? ''}`, at: fixture.clock.now() });
    expect(queue.pending(100)).toEqual([]);
    expect(queue.readStored().filter((r) => r.event?.type === 'audit.integrity.failure')).toHaveLength(1);
    queue.close();
  });

  it('an edited synced_through_seq (to skip events, or to stop sync) is an integrity failure, not silence', async () => {
    for (const forged of ['2', '999999', 'x']) {
      const queue = await filled(6);
      queue.markSynced(4);
      queue.close();
      edit((db) => db.prepare("UPDATE meta SET value = ? WHERE key = 'synced_through_seq'").run(forged));
      const reopened = await fixture.open();
      expect(reopened.verification, forged).toMatchObject({ ok: false, problem: 'cursor' });
      expect(reopened.integrity()).toMatchObject({ status: 'failed' });
      expect(reopened.pending(100)).toEqual([]);
      reopened.close();
      await fixture.keychain.cleanup();
    }
  });

  it('an edited purge point (hiding the start of the trail) is an integrity failure', async () => {
    const queue = await filled(6);
    queue.close();
    edit((db) => {
      db.prepare('DELETE FROM events WHERE seq <= 3').run();
      const row = db.prepare<[], { hash: string }>('SELECT prev_hash AS hash FROM events WHERE seq = 4').get();
      db.prepare("UPDATE meta SET value = '3' WHERE key = 'purged_through_seq'").run();
      db.prepare("UPDATE meta SET value = ? WHERE key = 'purged_through_hash'").run(row?.hash ?? '');
    });
    const reopened = await fixture.open();
    expect(reopened.verification).toMatchObject({ ok: false, problem: 'cursor' });
    reopened.close();
  });

  it('IT clears a failure with its clearance code: the evidence file is archived, a new chain continues from the acknowledged head', async () => {
    const queue = await filled(6);
    queue.markSynced(3);
    const ackedHead = queue.pending(1)[0]?.prevHash;
    queue.close();
    edit((db) => db.prepare("UPDATE events SET hash = ? WHERE seq = 5").run('e'.repeat(64)));
    const failed = await fixture.open();
    const code = failed.integrityClearance();
    expect(code).toMatch(/^[0-9a-f]{16}$/);
    failed.close();

    // A code for another failure clears nothing.
    const wrong = await fixture.open({ integrityClearance: '0123456789abcdef' });
    expect(wrong.integrity()).toMatchObject({ status: 'failed' });
    wrong.close();
    expect(readdirSync(fixture.dir).some((f) => f.includes('.evidence-'))).toBe(false);

    const cleared = await fixture.open({ integrityClearance: code ?? '' });
    expect(cleared.integrity()).toEqual({ status: 'ok' });
    const evidence = readdirSync(fixture.dir).filter((f) => /^audit\.sqlite\.evidence-[^-]/.test(f) && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(evidence).toHaveLength(1);
    const kept = new Database(join(fixture.dir, evidence[0] ?? ''), { readonly: true });
    expect(kept.prepare<[], { hash: string }>('SELECT hash FROM events WHERE seq = 5').get()?.hash).toBe('e'.repeat(64));
    kept.close();
    const next = cleared.pending(100);
    expect(next[0]).toMatchObject({ seq: 4, prevHash: ackedHead });
    expect(next.find((e) => e.event.type === 'audit.integrity.cleared')?.event.details).toMatchObject({ code, problem: 'hash', failedSeq: 5, restartSeq: 3 });
    cleared.close();
    const again = await fixture.open({ integrityClearance: code ?? '' });
    expect(again.verification).toMatchObject({ ok: true });
    again.close();
  });
});
