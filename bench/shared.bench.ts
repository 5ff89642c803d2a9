// Throughput of the shared hot paths: the DLP scan that runs over every server
// answer and note, masking, and canonical JSON of audit events. Prints JSON.
import { canonicalJson } from '../shared/canonical-json.ts';
import { findPans, mask, redactPans } from '../shared/pan.ts';
import { sampleAuditEvent } from '../test/harness/device/audit-events.ts';

function measure(name: string, unitsPerRun: number, run: () => unknown): { name: string; opsPerSec: number; unitsPerSec: number } {
  const deadline = performance.now() + 1000;
  let runs = 0;
  // Warm up so the JIT has settled before timing.
  for (let i = 0; i < 50; i++) run();
  const start = performance.now();
  while (performance.now() < deadline) {
    run();
    runs++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { name, opsPerSec: Math.round(runs / seconds), unitsPerSec: Math.round((runs * unitsPerRun) / seconds) };
}

const noteWithoutPan = 'Customer called about order ORD-2026-004512, parcel stuck in Leipzig hub since 2026-11-20. '.repeat(110);
const noteWithPans = `${noteWithoutPan}card 4111 1111 1111 1111 and 5555-5555-5555-4444 read out`;
const customerJson = JSON.stringify({
  results: Array.from({ length: 50 }, (_, i) => ({
    customerId: `CUS-${String(i).padStart(6, '0')}`,
    phone: '+44 20 7946 0958',
    orders: ['ORD-2026-004512', 'TXN-9200000000000000006'],
    card: '•••• •••• •••• 1111',
  })),
});
// Non-Latin free text: every character goes through the Unicode normalisation path.
const noteInArabic = 'اتصل العميل بخصوص الطلب ORD-2026-004512، الطرد عالق منذ ٢٠٢٦-١١-٢٠. '.repeat(150);
// Short field values (names, IDs, timestamps) are most of what the scan sees.
const shortFields = ['Ada Lovelace', 'CUS-000042', '2026-11-20T10:01:00.000Z', 'e0c812e6-1587-4fd6-bf49-58d2ab675e6c', 'Parcel stuck in Leipzig'];
const event = sampleAuditEvent();

const results = [
  measure('findPans: 10 KB note, no PAN (chars/s)', noteWithoutPan.length, () => findPans(noteWithoutPan)),
  measure('redactPans: 10 KB note, 2 PANs (chars/s)', noteWithPans.length, () => redactPans(noteWithPans)),
  measure('findPans: 50-customer lookup JSON (chars/s)', customerJson.length, () => findPans(customerJson)),
  measure('findPans: 10 KB Arabic note with Arabic-Indic digits (chars/s)', noteInArabic.length, () => findPans(noteInArabic)),
  measure('findPans: 5 short field values (fields/s)', shortFields.length, () => shortFields.map((field) => findPans(field))),
  measure('mask: one PAN', 1, () => mask('4111111111111111')),
  measure('canonicalJson: one audit event', 1, () => canonicalJson(event)),
];

process.stdout.write(`${JSON.stringify({ bench: 'shared', node: process.version, at: new Date().toISOString(), results }, null, 2)}\n`);
