// One signed checkpoint as an RFC 5424 syslog message, so a SIEM keeps a copy
// of every tree head the database cannot reach: facility 13 (log audit),
// severity 6 (informational), MSGID "checkpoint", the origin, size and root as
// structured data, and the signed note, byte for byte, as the message (a SIEM
// can verify it with the log's public key).
import type { Checkpoint } from '../../shared/transparency/checkpoint.ts';
import { toBase64 } from '../../shared/transparency/bytes.ts';

const FACILITY_LOG_AUDIT = 13;
const SEVERITY_INFO = 6;
/** The SD-ID's enterprise number: 32473 is the one RFC 5612 reserves for documentation and examples. */
const SD_ID = 'checkpoint@32473';

/** RFC 5424 §6.3.3: inside a PARAM-VALUE, '"', '\' and ']' are escaped with '\'. */
const paramValue = (value: string): string => value.replace(/["\\\]]/g, (c) => `\\${c}`);

/** RFC 5424 §6.2: HOSTNAME and APP-NAME are printable US-ASCII without spaces, or "-". */
const headerField = (value: string, max: number): string => {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
};

export function checkpointSyslogMessage(input: { checkpoint: Checkpoint; note: string; at: Date; hostname: string; appName: string }): string {
  const { checkpoint } = input;
  const pri = FACILITY_LOG_AUDIT * 8 + SEVERITY_INFO;
  const data = `[${SD_ID} origin="${paramValue(checkpoint.origin)}" size="${checkpoint.size}" root="${toBase64(checkpoint.rootHash)}"]`;
  return `<${pri}>1 ${input.at.toISOString()} ${headerField(input.hostname, 255)} ${headerField(input.appName, 48)} ${process.pid} checkpoint ${data} ${input.note}`;
}
