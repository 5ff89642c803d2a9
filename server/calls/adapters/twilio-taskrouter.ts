// Twilio TaskRouter event callbacks: a form POST per workspace event, with
// EventType, Timestamp (Unix seconds), the task's fields (TaskSid,
// TaskAttributes as JSON, TaskQueueName) and, for reservations, the worker's
// (WorkerSid). A voice task's attributes carry the caller as `from` (or
// `caller`). Mapping: task.created and task-queue.entered → offered (waiting);
// reservation.created → offered to the worker (the pop); reservation.accepted →
// answered; a reservation rejected, timed out or rescinded → offered again
// without an agent (back in the queue); task.transfer-initiated → transferred;
// task.canceled, task.wrapup and reservation.wrapup → ended; task.completed and
// reservation.completed → wrap_up (done). The event's own Sid identifies it;
// without one, its type, resource and time do.
import { z } from 'zod';
import type { CallEventKind, ContactEvent } from '../../../shared/schemas/calls.ts';

const FormSchema = z.object({
  EventType: z.string().min(1).max(100),
  Timestamp: z.string().regex(/^\d{9,11}$/, { error: 'Timestamp: Unix seconds' }),
  Sid: z.string().max(64).optional(),
  ResourceSid: z.string().max(64).optional(),
  TaskSid: z.string().max(64).optional(),
  TaskAttributes: z.string().max(16_384).optional(),
  TaskQueueName: z.string().max(200).optional(),
  TaskQueueSid: z.string().max(64).optional(),
  WorkerSid: z.string().max(64).optional(),
});

const KINDS: Readonly<Record<string, { kind: CallEventKind; withWorker: boolean }>> = {
  'task.created': { kind: 'offered', withWorker: false },
  'task-queue.entered': { kind: 'offered', withWorker: false },
  'reservation.created': { kind: 'offered', withWorker: true },
  'reservation.accepted': { kind: 'answered', withWorker: true },
  'reservation.rejected': { kind: 'offered', withWorker: false },
  'reservation.timeout': { kind: 'offered', withWorker: false },
  'reservation.rescinded': { kind: 'offered', withWorker: false },
  'task.transfer-initiated': { kind: 'transferred', withWorker: false },
  'task.canceled': { kind: 'ended', withWorker: false },
  'task.wrapup': { kind: 'ended', withWorker: false },
  'reservation.wrapup': { kind: 'ended', withWorker: true },
  'task.completed': { kind: 'wrap_up', withWorker: false },
  'reservation.completed': { kind: 'wrap_up', withWorker: true },
};

function callerOf(attributes: string | undefined): string | null {
  if (attributes === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(attributes);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { from, caller } = parsed as Record<string, unknown>;
  const number = typeof from === 'string' ? from : caller;
  return typeof number === 'string' && number.length > 0 ? number.slice(0, 64) : null;
}

export function readTwilioTaskRouter(body: unknown): { event: ContactEvent | null } | { error: z.ZodError } {
  const parsed = FormSchema.safeParse(body);
  if (!parsed.success) return { error: parsed.error };
  const form = parsed.data;
  const mapped = KINDS[form.EventType];
  if (mapped === undefined || form.TaskSid === undefined) return { event: null };
  const at = new Date(Number(form.Timestamp) * 1000).toISOString();
  return {
    event: {
      eventId: form.Sid ?? `${form.EventType}:${form.ResourceSid ?? form.TaskSid}:${form.Timestamp}`,
      callId: form.TaskSid,
      kind: mapped.kind,
      at,
      callerNumber: callerOf(form.TaskAttributes),
      queue: form.TaskQueueName ?? form.TaskQueueSid ?? null,
      agent: mapped.withWorker ? (form.WorkerSid ?? null) : null,
    },
  };
}
