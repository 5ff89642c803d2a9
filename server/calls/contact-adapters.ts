// One reader per platform: its documented payload → the gateway's ContactEvent
// (null: an event that says nothing about a call's progress, acknowledged and
// ignored), or a typed refusal naming what is wrong.
import { describeIssues } from '../../shared/errors.ts';
import { ContactEventSchema, type ContactEvent, type ContactPlatform } from '../../shared/schemas/calls.ts';
import { GatewayError } from '../errors.ts';
import { readAmazonConnect } from './adapters/amazon-connect.ts';
import { readTwilioTaskRouter } from './adapters/twilio-taskrouter.ts';

const READERS = {
  sentinel: (body: unknown) => {
    const parsed = ContactEventSchema.safeParse(body);
    return parsed.success ? { event: parsed.data } : { error: parsed.error };
  },
  'amazon-connect': readAmazonConnect,
  'twilio-taskrouter': readTwilioTaskRouter,
} as const satisfies Record<ContactPlatform, unknown>;

export function readContactEvent(platform: ContactPlatform, body: unknown): ContactEvent | null {
  const read = READERS[platform](body);
  if ('error' in read) throw new GatewayError('invalid_request', `Not a ${platform} contact event: ${describeIssues(read.error)}`);
  if (read.event === null) return null;
  // The platform's identifiers are checked as the gateway's own format checks them.
  const checked = ContactEventSchema.safeParse(read.event);
  if (!checked.success) throw new GatewayError('invalid_request', `A ${platform} contact event with fields the gateway cannot keep: ${describeIssues(checked.error)}`);
  return checked.data;
}
