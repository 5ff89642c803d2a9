// Child process for the crash test: opens the queue and appends events as fast
// as it can, printing "seq id" for each append() that returned, until killed.
import { AuditQueue } from '../../../main/audit/audit-queue.ts';
import { systemClock } from '../../../main/clock.ts';
import { createKeychainSecretStore } from '../../../main/secrets/secret-store.ts';
import { lookupEvent } from './audit-queue.ts';

const [dbPath, service, deviceId] = process.argv.slice(2);
if (dbPath === undefined || service === undefined || deviceId === undefined) {
  process.stderr.write('usage: audit-appender DB SERVICE DEVICE\n');
  process.exit(2);
}
const queue = await AuditQueue.open({
  dbPath,
  deviceId,
  appVersion: '0.1.0-crash',
  host: 'crash-test',
  secrets: createKeychainSecretStore(service),
  clock: systemClock,
  maxUnsynced: 10_000_000,
  retentionDays: 30,
});
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const event = queue.append(lookupEvent(n));
  // Written synchronously, so a line on stdout means append() had returned.
  process.stdout.write(`${queue.status().lastSeq} ${event.id}\n`);
}
