// Calls from the contact-center platform: the events the gateway receives, the
// pop an agent's desk gets for the call offered to them, and the supervisor's
// view of the calls.
import { z } from 'zod';
import { TimestampSchema } from './common.ts';
import { CustomerIdSchema } from './customer.ts';

/** `sentinel` is the gateway's own event format; the others are the platforms' documented formats, read by adapters. */
export const CONTACT_PLATFORMS = ['sentinel', 'amazon-connect', 'twilio-taskrouter'] as const;
export const ContactPlatformSchema = z.enum(CONTACT_PLATFORMS);
export type ContactPlatform = z.infer<typeof ContactPlatformSchema>;

/**
 * What happened to a call. `offered` without an agent: it waits in a queue; with one: it rings at that agent's
 * desk (the pop). `ended`: the caller hung up (the agent moves to wrap-up, or the call was abandoned when no one
 * had answered). `wrap_up`: the agent finished the after-call work, and the call leaves their desk.
 */
export const CALL_EVENT_KINDS = ['offered', 'answered', 'held', 'transferred', 'ended', 'wrap_up'] as const;
export const CallEventKindSchema = z.enum(CALL_EVENT_KINDS);
export type CallEventKind = z.infer<typeof CallEventKindSchema>;

/**
 * A platform's identifier (contact, event, agent): printable, short. A platform's UUID can hold a digit run that
 * reads as a card number, so the gateway keeps these only as digests (or, for the agent, not at all).
 */
export const PlatformRefSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/, { error: 'expected a platform identifier: 1-200 printable ASCII characters' });

/** A queue's name as the platform shows it (Twilio's are free text): no control characters; the gateway masks any card number in it. */
const QueueName = z.string().regex(/^[^\p{Cc}\p{Cf}]{1,200}$/u, { error: 'expected a queue name: 1-200 characters, no control characters' });

/** One call event as the gateway reads it, whatever platform sent it. */
export const ContactEventSchema = z
  .object({
    /** Unique per platform: a second delivery of one event is acknowledged and changes nothing. */
    eventId: PlatformRefSchema,
    callId: PlatformRefSchema,
    kind: CallEventKindSchema,
    at: TimestampSchema,
    /** As the platform wrote it; the gateway keeps only its keyed hash and last 4 digits. */
    callerNumber: z.string().max(64).nullable(),
    queue: QueueName.nullable(),
    /** The platform's identifier of the agent, mapped to a desk user by its service account's agent map. */
    agent: PlatformRefSchema.nullable(),
  })
  .strict();
export type ContactEvent = z.infer<typeof ContactEventSchema>;

/** The body as sent (JSON, or a form for Twilio): each platform's adapter reads it; the route only bounds it. */
export const ContactPayloadSchema = z.record(z.string().max(200), z.unknown());
export const ContactEventAckSchema = z.object({ outcome: z.enum(['applied', 'duplicate', 'ignored']) });

export const CALL_STATES = ['waiting', 'ringing', 'on_call', 'held', 'wrap_up', 'ended'] as const;
export const CallStateSchema = z.enum(CALL_STATES);
export type CallState = z.infer<typeof CallStateSchema>;

/** A customer whose phone number matches the caller's, masked until the agent confirms who is calling. */
export const CallMatchSchema = z.object({
  customerId: CustomerIdSchema,
  nameMasked: z.string().max(128),
  emailMasked: z.string().max(256),
  city: z.string().max(128),
  country: z.string().max(2),
});
export type CallMatch = z.infer<typeof CallMatchSchema>;

export const CallIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
export const CallPopSchema = z.object({
  callId: CallIdSchema,
  state: CallStateSchema,
  queue: z.string().max(200).nullable(),
  callerMasked: z.string().max(32),
  offeredAt: TimestampSchema,
  matches: z.array(CallMatchSchema),
  truncated: z.boolean(),
});
export type CallPop = z.infer<typeof CallPopSchema>;
export const CurrentCallSchema = z.object({ call: CallPopSchema.nullable() });
export type CurrentCall = z.infer<typeof CurrentCallSchema>;

export const CALL_FLOOR_MAX_MINUTES = 7 * 24 * 60;
export const CallFloorQuerySchema = z.object({
  /** The window of the counts, ending now; the waiting calls and agent states are always as of now. */
  minutes: z.coerce.number().int().min(1).max(CALL_FLOOR_MAX_MINUTES).default(24 * 60),
});
export const AgentCallStateSchema = z.object({
  userId: z.string().max(64),
  username: z.string().max(128),
  state: z.enum(['ringing', 'on_call', 'held', 'wrap_up']),
  queue: z.string().max(200).nullable(),
  since: TimestampSchema,
});
export type AgentCallState = z.infer<typeof AgentCallStateSchema>;
export const CallFloorSchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  /** Calls in a queue now, no agent yet. */
  waiting: z.number().int().nonnegative(),
  /** Calls an agent answered within the window. */
  answered: z.number().int().nonnegative(),
  /** Calls that ended within the window before anyone answered. */
  abandoned: z.number().int().nonnegative(),
  /** Answer to end of wrap-up (or to hang-up while wrap-up runs), over the answered calls that ended in the window. */
  averageHandleSeconds: z.number().nonnegative().nullable(),
  agents: z.array(AgentCallStateSchema),
});
export type CallFloor = z.infer<typeof CallFloorSchema>;
