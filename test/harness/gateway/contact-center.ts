// A contact-center platform as the gateway sees it: events in each platform's
// documented shape (written here from the public documentation: Amazon Connect
// contact events as EventBridge delivers them, Twilio TaskRouter event
// callbacks as a form), signed with its service account's webhook secret (for
// Twilio, the auth token the admin gave the account), and sent over real HTTP.
// The accounts are created through the admin route, as an admin would.
import { randomUUID } from 'node:crypto';
import { routes, type RouteRequest } from '../../../shared/api.ts';
import type { ContactEvent, ContactPlatform } from '../../../shared/schemas/calls.ts';
import { SENTINEL_SIGNATURE_HEADER, sentinelSignature, TWILIO_SIGNATURE_HEADER, twilioSignature } from '../../../server/calls/contact-signature.ts';
import { createAccount } from '../records/source-records.ts';
import { routeResponse, type RouteResponse } from './route-client.ts';
import type { RunningGateway } from './gateway.ts';

export const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
export const CONNECT_INSTANCE = 'arn:aws:connect:eu-west-2:111122223333:instance/0a1b2c3d-0000-4000-8000-000000000001';
/** Platform agent IDs of the demo agents. */
export const AGENTS = { connectAna: 'a0000000-0000-4000-8000-00000000a0a0', connectBen: 'b0000000-0000-4000-8000-00000000b0b0', twilioAna: 'WKana', twilioBen: 'WKben' };
export const PLATFORM_REASON = 'Ticket OPS-9: connect the contact center';

/** The source (account) name of each platform's account in the tests. */
export const SOURCES = { sentinel: 'desk-relay', 'amazon-connect': 'connect-eu', 'twilio-taskrouter': 'twilio-main' } as const satisfies Record<ContactPlatform, string>;

export const eventsPath = (source: string): string => routes.contactEvents.path.replace(':source', source);

/** The URL Twilio is configured to call; the signature covers it, so it is fixed before the gateway's port is known. */
export const TWILIO_URL = `https://gateway.example.com${eventsPath(SOURCES['twilio-taskrouter'])}`;

type CreateBody = RouteRequest<'adminCreateServiceAccount'>['body'];

/** The creation request of a platform account with the demo agents mapped. */
export function platformAccountRequest(platform: ContactPlatform, source: string = SOURCES[platform]): CreateBody {
  const agents = {
    sentinel: { ana: 'agent.ana', ben: 'agent.ben' },
    'amazon-connect': { [AGENTS.connectAna]: 'agent.ana', [AGENTS.connectBen]: 'agent.ben' },
    'twilio-taskrouter': { [AGENTS.twilioAna]: 'agent.ana', [AGENTS.twilioBen]: 'agent.ben' },
  }[platform];
  const twilio = platform === 'twilio-taskrouter' ? { authToken: TWILIO_TOKEN, callbackUrl: TWILIO_URL } : {};
  return { source, recordTypes: ['contact_event'], reason: PLATFORM_REASON, contactCenter: { platform, agents, ...twilio } };
}

/** Each platform's signing secret: the webhook secret its account was granted (Twilio: its own auth token). */
export type PlatformSecrets = Readonly<Record<ContactPlatform, string>>;

const accounts = new WeakMap<RunningGateway, Promise<PlatformSecrets>>();

/** The gateway's three platform accounts (SOURCES), created once per gateway by admin.ivan. */
export function platformSecrets(gw: RunningGateway): Promise<PlatformSecrets> {
  let created = accounts.get(gw);
  if (created === undefined) {
    created = (async () => {
      const admin = (await gw.login('admin.ivan')).token;
      const secretOf = async (platform: ContactPlatform): Promise<string> => (await createAccount(gw, admin, platformAccountRequest(platform))).webhookSecret ?? TWILIO_TOKEN;
      return { sentinel: await secretOf('sentinel'), 'amazon-connect': await secretOf('amazon-connect'), 'twilio-taskrouter': await secretOf('twilio-taskrouter') };
    })();
    accounts.set(gw, created);
  }
  return created;
}

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

/** A JSON event signed now (by the gateway's clock), by default by the platform's account under SOURCES. */
export async function sendJson(
  gw: RunningGateway,
  platform: 'sentinel' | 'amazon-connect',
  body: unknown,
  signer: { source?: string; secret?: string } = {},
): Promise<RouteResponse<'contactEvents'>> {
  const text = JSON.stringify(body);
  const secret = signer.secret ?? (await platformSecrets(gw))[platform];
  return routeResponse('contactEvents', await gw.call('POST', eventsPath(signer.source ?? SOURCES[platform]), { rawBody: text, headers: signedJsonHeaders(secret, text, gw.clock.now()) }));
}

export async function sendConnect(gw: RunningGateway, input: ConnectEventInput): Promise<RouteResponse<'contactEvents'>> {
  return sendJson(gw, 'amazon-connect', connectEvent(input));
}

export async function sendSentinel(gw: RunningGateway, event: ContactEvent): Promise<RouteResponse<'contactEvents'>> {
  return sendJson(gw, 'sentinel', event);
}

export async function sendTwilio(gw: RunningGateway, form: Record<string, string>, token = TWILIO_TOKEN): Promise<RouteResponse<'contactEvents'>> {
  await platformSecrets(gw);
  const params = new URLSearchParams(form);
  return routeResponse(
    'contactEvents',
    await gw.call('POST', eventsPath(SOURCES['twilio-taskrouter']), {
      rawBody: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', [TWILIO_SIGNATURE_HEADER]: twilioSignature(token, TWILIO_URL, params) },
    }),
  );
}
