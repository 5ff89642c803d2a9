// The rewrite of issue 25, against the gateway's own chain (which no device
// signs): an attacker with the database re-attributes one user's sign-ins to
// another, re-hashes the rest of the chain and moves its head, on SQLite with
// the guard triggers dropped and put back, on PostgreSQL under
// session_replication_role = replica. The chain is whole again, but its entries
// no longer hash to the leaves the transparency log took in: the next verifier
// pass raises a critical alert.
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainMessage } from '../../../shared/audit-chain.ts';
import { AuditEventSchema } from '../../../shared/audit.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { SQLITE_APPEND_ONLY_TRIGGERS } from '../../../server/storage/append-only.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';
import { knownTestDatabase, TEST_ENGINE } from '../../harness/database/test-database.ts';
import { startGateway } from '../../harness/gateway/gateway.ts';

const GUARDS = ['audit_events_no_update', 'device_heads_forward_only'];

describe('a consistent rewrite of the gateway chain', () => {
  it('is a critical break on the next verifier pass', async () => {
    await using gw = await startGateway({ customers: 2 });
    for (let i = 0; i < 3; i++) await gw.login('agent.ana');
    expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);

    const db = openRawKysely({ dataDir: gw.dataDir, database: knownTestDatabase(gw.dataDir) });
    try {
      await db.transaction().execute(async (trx) => {
        if (TEST_ENGINE === 'postgres') await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        else for (const guard of GUARDS) await sql.raw(`DROP TRIGGER ${guard}`).execute(trx);
        const rows = await trx.selectFrom('audit_events').select(['seq', 'prev_hash', 'event']).where('device_id', '=', 'gateway').orderBy('seq').execute();
        let prevHash = rows[0]?.prev_hash ?? '';
        for (const row of rows) {
          const event = AuditEventSchema.parse(JSON.parse(row.event));
          // Ana's sign-ins become Ben's.
          const edited = event.actor.username === 'agent.ana' ? { ...event, actor: { ...event.actor, userId: 'u-agent-ben', username: 'agent.ben' } } : event;
          const hash = createHash('sha256').update(chainMessage(prevHash, row.seq, canonicalJson(edited))).digest('hex');
          await trx.updateTable('audit_events').set({ prev_hash: prevHash, hash, event: JSON.stringify(edited), user_id: edited.actor.userId }).where('device_id', '=', 'gateway').where('seq', '=', row.seq).execute();
          prevHash = hash;
        }
        await trx.updateTable('device_heads').set({ hash: prevHash }).where('device_id', '=', 'gateway').execute();
        if (TEST_ENGINE === 'sqlite') for (const t of SQLITE_APPEND_ONLY_TRIGGERS.filter((g) => GUARDS.includes(g.name))) await sql.raw(t.sql).execute(trx);
      });
    } finally {
      await db.destroy();
    }

    const breaks = await gw.gateway.chainVerifier.verifyNow();
    expect(breaks.map((b) => b.deviceId)).toEqual(['gateway']);
    expect(breaks[0]?.problem).toMatch(/is not the entry the transparency log holds/);
    const alerts = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break' && a.severity === 'critical');
    expect(alerts.map((a) => a.deviceId)).toEqual(['gateway']);
  });
});
