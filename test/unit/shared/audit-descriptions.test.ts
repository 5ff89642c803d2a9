// The audit descriptions declared next to each channel record identifiers and
// counts only: a card lookup by its last 4, never the number; never a note's or
// a reason's text, a password, a one-time password, an enrolment secret, the
// MFA URI or a code, whatever the request and the answer carry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channels } from '../../../shared/contract/channels.ts';
import type { ChannelAudit } from '../../../shared/contract/define.ts';
import { findPans } from '../../../shared/pan.ts';
import { LookupRequestSchema } from '../../../shared/schemas/customer.ts';
import { panArb } from '../../support/pan-arbitraries.ts';
import { assertProperty } from '../../support/property.ts';

const SECRET = 'SECRET-a91c';
const describeFor = (audit: ChannelAudit) => (request: unknown, response: unknown) => {
  if ('none' in audit) throw new TypeError('this channel writes no event');
  return audit.describe(request, response);
};
const audited = Object.entries(channels).flatMap(([name, spec]) => {
  const audit: ChannelAudit = spec.audit;
  return 'none' in audit ? [] : [[name, audit] as const];
});

/** A request and an answer carrying every secret any channel handles, beside the identifiers descriptions read. */
const REQUEST = {
  by: 'customerId',
  value: 'CUS-000001',
  customerId: 'CUS-000001',
  subscriptionId: 'SUB-000001-1',
  userId: 'u-agent-ana',
  alertId: 'A-1',
  deviceId: 'desk-abcdefgh',
  days: 30,
  roles: ['agent'],
  kind: 'code',
  format: 'csv',
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-02T00:00:00.000Z',
  url: `https://help.example.com/${SECRET}?q=${SECRET}`,
  text: SECRET,
  note: SECRET,
  reason: SECRET,
  username: SECRET,
  password: SECRET,
  newPassword: SECRET,
  otp: SECRET,
  code: SECRET,
  enrolmentCode: SECRET,
};
const ANSWER = {
  results: [{ displayName: SECRET }],
  orders: [],
  events: [],
  noteId: 'N-1',
  reviewId: 'R-1',
  user: { userId: 'u-agent-kim', displayName: SECRET },
  review: { rows: [] },
  oneTimePassword: SECRET,
  secret: SECRET,
  otpauthUri: `otpauth://totp/${SECRET}`,
  csv: SECRET,
};

describe('audit descriptions', () => {
  it('every audited channel describes its event, with or without a request and an answer', () => {
    expect(audited.length).toBeGreaterThan(25);
    for (const [name, audit] of audited) {
      for (const [request, response] of [[REQUEST, ANSWER], [REQUEST, null], [null, null]] as const) {
        const answer = response !== null && /\.(agents|alerts|users|devices)$/.test(name) ? [ANSWER] : response;
        const text = JSON.stringify(audit.describe(request, answer));
        expect(text, name).not.toContain(SECRET);
      }
    }
  });

  it('property: a card lookup is recorded by its last 4 only', () => {
    const lookup = describeFor(channels['customers.lookup'].audit);
    assertProperty(
      fc.property(panArb, ({ pan }) => {
        const described = lookup(LookupRequestSchema.parse({ by: 'card', value: pan }), null);
        expect(described.target).toEqual({ kind: 'card', id: `••••${pan.slice(-4)}` });
        expect(findPans(JSON.stringify(described))).toEqual([]);
      }),
    );
  });

  it('an opened link is recorded by its origin', () => {
    const open = describeFor(channels['app.openExternal'].audit);
    expect(open({ url: 'https://Help.Example.com:443/path?id=1' }, {})).toEqual({ target: { kind: 'url', id: 'https://help.example.com' }, details: {} });
  });
});
