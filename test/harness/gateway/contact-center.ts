// A contact-center platform as the gateway sees it: events in each platform's
// documented shape (written here from the public documentation: Amazon Connect
// contact events as EventBridge delivers them, Twilio TaskRouter event
// callbacks as a form), signed with the shared secret the gateway is
// configured with, and sent over real HTTP.
import { randomUUID } from 'node:crypto';
import { routes } from '../../../shared/api.ts';
import type { ContactEvent, ContactPlatform } from '../../../shared/schemas/calls.ts';
import { SENTINEL_SIGNATURE_HEADER, sentinelSignature, TWILIO_SIGNATURE_HEADER, twilioSignature } from '../../../server/calls/contact-signature.ts';
import type { GatewayConfigInput } from '../../../server/config.ts';
import { routeResponse, type RouteResponse } from './route-client.ts';
import type { RunningGateway } from './gateway.ts';

export const CONNECT_SECRET = 'connect-relay-secret-for-tests';
export const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
export const SENTINEL_SECRET = 'sentinel-platform-secret-for-tests';
export const CONNECT_INSTANCE = 'arn:aws:connect:eu-west-2:111122223333:instance/0a1b2c3d-0000-4000-8000-000000000001';
/** Platform agent IDs of the demo agents. */
export const AGENTS = { connectAna: 'a0000000-0000-4000-8000-00000000a0a0', connectBen: 'b0000000-0000-4000-8000-00000000b0b0', twilioAna: 'WKana', twilioBen: 'WKben' };

export const eventsPath = (platform: ContactPlatform): string => routes.contactEvents.path.replace(':platform', platform);

/** The gateway's configuration for the three platforms, with the demo agents mapped. */
export function contactCenterConfig(twilioUrl: string): GatewayConfigInput['contactCenter'] {
  return {
    platforms: {
      sentinel: { secret: SENTINEL_SECRET, agents: { ana: 'agent.ana', ben: 'agent.ben' } },
      'amazon-connect': { secret: CONNECT_SECRET, agents: { [AGENTS.connectAna]: 'agent.ana', [AGENTS.connectBen]: 'agent.ben' } },
      'twilio-taskrouter': { secret: TWILIO_TOKEN, url: twilioUrl, agents: { [AGENTS.twilioAna]: 'agent.ana', [AGENTS.twilioBen]: 'agent.ben' } },
    },
  };
}

/** The URL Twilio is configured to call; the signature covers it, so it is fixed before the gateway's port is known. */
export const TWILIO_URL = 'https://gateway.example.com/v1/contact-center/twilio-taskrouter/events';

export interface ConnectEventInput {
  readonly eventType: 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED' | 'COMPLETED' | 'INITIATED' | 'CONTACT_DATA_UPDATED';
  readonly contactId: string;
  readonly at: number;
  readonly caller?: string;
  readonly agentId?: string;
  readonly channel?: string;
  readonly initiationMethod?: string;
  readonly previousContactId?: string;
}

/** An "Amazon Connect Contact Event" as EventBridge delivers it (the agent's keys PascalCase, as one documented sample writes them). */
export function connectEvent(input: ConnectEventInput): Record<string, unknown> {
  const iso = new Date(input.at).toISOString();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: '111122223333',
    time: iso,
    region: 'eu-west-2',
    resources: [`${CONNECT_INSTANCE}/contact/${input.contactId}`, CONNECT_INSTANCE],
    detail: {
      eventType: input.eventType,
      contactId: input.contactId,
      initialContactId: input.previousContactId ?? input.contactId,
      ...(input.previousContactId === undefined ? {} : { previousContactId: input.previousContactId }),
      channel: input.channel ?? 'VOICE',
      instanceArn: CONNECT_INSTANCE,
      initiationMethod: input.initiationMethod ?? 'INBOUND',
      initiationTimestamp: iso,
      ...(input.caller === undefined ? {} : { customerEndpoint: { address: input.caller, type: 'TELEPHONE_NUMBER' } }),
      queueInfo: { queueArn: `${CONNECT_INSTANCE}/queue/orders-help`, queueType: 'STANDARD', enqueueTimestamp: iso },
      ...(input.agentId === undefined ? {} : { AgentInfo: { AgentArn: `${CONNECT_INSTANCE}/agent/${input.agentId}`, connectedToAgentTimestamp: iso } }),
    },
  };
}

export interface TwilioEventInput {
  readonly eventType: string;
  readonly taskSid: string;
  readonly at: number;
  readonly caller?: string;
  readonly workerSid?: string;
}

/** A TaskRouter event callback's form parameters for a voice task. */
export function twilioEvent(input: TwilioEventInput): Record<string, string> {
  const reservation = input.eventType.startsWith('reservation.');
  return {
    EventType: input.eventType,
    Sid: `EV${randomUUID().replace(/-/g, '')}`,
    AccountSid: 'ACtests',
    WorkspaceSid: 'WStests',
    WorkspaceName: 'Orders help',
    EventDescription: `Event ${input.eventType}`,
    ResourceType: reservation ? 'Reservation' : 'Task',
    ResourceSid: reservation ? `WR${input.taskSid.slice(2)}` : input.taskSid,
    Timestamp: String(Math.floor(input.at / 1000)),
    TaskSid: input.taskSid,
    TaskAttributes: JSON.stringify({ type: 'inbound', direction: 'inbound', ...(input.caller === undefined ? {} : { from: input.caller, caller: input.caller }), to: '+442071838750' }),
    TaskQueueName: 'Orders help',
    TaskQueueSid: 'WQorders',
    ...(input.workerSid === undefined ? {} : { WorkerSid: input.workerSid, WorkerName: input.workerSid }),
  };
}

export function signedJsonHeaders(secret: string, text: string, atMs: number): Record<string, string> {
  const seconds = Math.floor(atMs / 1000);
  return { 'content-type': 'application/json', [SENTINEL_SIGNATURE_HEADER]: `t=${seconds},v1=${sentinelSignature(secret, seconds, Buffer.from(text))}` };
}

/** A JSON event signed now (by the gateway's clock) with `secret`. */
export async function sendJson(gw: RunningGateway, platform: 'sentinel' | 'amazon-connect', body: unknown, secret: string): Promise<RouteResponse<'contactEvents'>> {
  const text = JSON.stringify(body);
  return routeResponse('contactEvents', await gw.call('POST', eventsPath(platform), { rawBody: text, headers: signedJsonHeaders(secret, text, gw.clock.now()) }));
}

export async function sendConnect(gw: RunningGateway, input: ConnectEventInput): Promise<RouteResponse<'contactEvents'>> {
  return sendJson(gw, 'amazon-connect', connectEvent(input), CONNECT_SECRET);
}

export async function sendSentinel(gw: RunningGateway, event: ContactEvent): Promise<RouteResponse<'contactEvents'>> {
  return sendJson(gw, 'sentinel', event, SENTINEL_SECRET);
}

export async function sendTwilio(gw: RunningGateway, form: Record<string, string>, token = TWILIO_TOKEN): Promise<RouteResponse<'contactEvents'>> {
  const params = new URLSearchParams(form);
  return routeResponse(
    'contactEvents',
    await gw.call('POST', eventsPath('twilio-taskrouter'), {
      rawBody: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', [TWILIO_SIGNATURE_HEADER]: twilioSignature(token, TWILIO_URL, params) },
    }),
  );
}
