// Amazon Connect contact events, as EventBridge delivers them (detail-type
// "Amazon Connect Contact Event", source aws.connect), forwarded to the gateway
// by a relay that signs them. Voice contacts only. The documented samples spell
// some keys in camelCase and others in PascalCase (agentInfo / AgentInfo), so
// both are read. Mapping: QUEUED → offered (no agent: waiting),
// CONNECTED_TO_AGENT → answered by the agent at the end of agentArn,
// DISCONNECTED → ended, COMPLETED (after-contact work done) → wrap_up, INITIATED
// by TRANSFER → transferred (the previous contact leaves its agent). The caller
// is customerEndpoint.address when the event carries it.
import { z } from 'zod';
import { TimestampSchema } from '../../../shared/schemas/common.ts';
import type { CallEventKind, ContactEvent } from '../../../shared/schemas/calls.ts';

const Loose = z.record(z.string(), z.unknown());
const EnvelopeSchema = z.object({
  id: z.string().min(1).max(200),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  source: z.literal('aws.connect'),
  time: TimestampSchema,
  detail: Loose,
});

/** A key as either sample spells it: `agentInfo` or `AgentInfo`. */
function field(object: unknown, camel: string): unknown {
  if (typeof object !== 'object' || object === null) return undefined;
  const record = object as Record<string, unknown>;
  return record[camel] ?? record[camel.charAt(0).toUpperCase() + camel.slice(1)];
}
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
/** The resource ID at the end of an ARN: `…:instance/…/agent/<id>` → `<id>`. */
const arnId = (value: unknown): string | null => text(value)?.split('/').at(-1) ?? null;

const KINDS: Readonly<Record<string, CallEventKind>> = {
  QUEUED: 'offered',
  CONNECTED_TO_AGENT: 'answered',
  DISCONNECTED: 'ended',
  COMPLETED: 'wrap_up',
};

/** The event, null for one that says nothing about a voice call's progress, or the zod error of a body that is no contact event. */
export function readAmazonConnect(body: unknown): { event: ContactEvent | null } | { error: z.ZodError } {
  const parsed = EnvelopeSchema.safeParse(body);
  if (!parsed.success) return { error: parsed.error };
  const { detail } = parsed.data;
  const channel = text(field(detail, 'channel'));
  if (channel !== null && channel.toUpperCase() !== 'VOICE') return { event: null };
  const type = text(field(detail, 'eventType'));
  const transfer = type === 'INITIATED' && text(field(detail, 'initiationMethod')) === 'TRANSFER';
  const kind = transfer ? 'transferred' : KINDS[type ?? ''];
  if (kind === undefined) return { event: null };
  const callId = transfer ? text(field(detail, 'previousContactId')) : text(field(detail, 'contactId'));
  if (callId === null) return { event: null };
  return {
    event: {
      eventId: parsed.data.id,
      callId,
      kind,
      at: parsed.data.time,
      callerNumber: text(field(field(detail, 'customerEndpoint'), 'address')),
      queue: arnId(field(field(detail, 'queueInfo'), 'queueArn')),
      agent: transfer ? null : arnId(field(field(detail, 'agentInfo'), 'agentArn')),
    },
  };
}
