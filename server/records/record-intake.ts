// One record from a system of record, checked and turned into the gateway's
// columns: the DLP gate first (a card number anywhere but a payment's card
// field refuses the record), then the source's scope, then the schema; a
// payment's card number becomes its keyed HMAC, BIN and last 4 here and goes no
// further. Every refusal names the field, never what was in it.
import { checkPan, panFacets } from '../../shared/pan.ts';
import { CARD_NUMBER_FIELD, SourceRecordSchema, type RecordRefusal, type SourceRecord } from '../../shared/schemas/records.ts';
import type { ServiceAccountScope } from '../../shared/schemas/service-accounts.ts';
import { panHmac } from '../customers/card-hmac.ts';
import { storedPhoneHash } from '../customers/phone-hmac.ts';
import type { PhoneNormaliseOptions } from '../customers/phone-number.ts';
import { shipmentRow, subscriptionRow } from '../storage/repos/record-rows.ts';
import type { PreparedRecord } from '../storage/store.ts';
import { fieldName, findPanField } from './pan-guard.ts';

export interface IntakeRules {
  /** The source's scopes: the record types among them are the ones it may write. */
  readonly recordTypes: readonly ServiceAccountScope[];
  /** The server-side key of card HMACs, and of phone hashes. */
  readonly pepper: Buffer;
  /** How a phone number written without a country code is read (config.contactCenter.defaultCallingCode). */
  readonly phone: PhoneNormaliseOptions;
}

const refuse = (index: number, code: RecordRefusal['code'], field: string, message: string): RecordRefusal => ({ ok: false, index, code, field, message });

const idOf = (record: SourceRecord): string => {
  switch (record.type) {
    case 'customer':
      return record.data.customerId;
    case 'order':
      return record.data.orderId;
    case 'payment':
      return record.data.transactionId;
    case 'shipment':
      return record.data.shipmentId;
    case 'subscription':
      return record.data.subscriptionId;
  }
};

/** The record ready to write, or why it is refused. */
export function prepareRecord(raw: unknown, index: number, rules: IntakeRules): PreparedRecord | RecordRefusal {
  const claimedType = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
  const found = findPanField(raw, claimedType === 'payment' ? CARD_NUMBER_FIELD : []);
  if (found?.kind === 'pan') return refuse(index, 'pan_refused', found.field, 'A card number is only accepted in a payment\'s data.card.number; this record was not stored');
  if (found?.kind === 'too_deep') return refuse(index, 'invalid_record', found.field, 'The record is nested deeper than any record type allows');
  if (found?.kind === 'nameless_key') return refuse(index, 'invalid_record', found.field, 'A key must hold a letter or a digit; this record was not stored');
  if (typeof claimedType === 'string' && !(rules.recordTypes as readonly string[]).includes(claimedType)) {
    return refuse(index, 'type_not_allowed', 'type', 'This source is not allowed to write this record type');
  }
  const parsed = SourceRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(index, 'invalid_record', fieldName(issue?.path.map((p) => (typeof p === 'symbol' ? '?' : p)) ?? []), fieldName([issue?.message.slice(0, 300) ?? 'invalid']));
  }
  const record = parsed.data;
  const base = { id: idOf(record), version: record.version };
  switch (record.type) {
    case 'customer': {
      const c = record.data;
      return {
        ...base,
        type: 'customer',
        row: { customer_id: c.customerId, display_name: c.displayName, email: c.email, phone: c.phone, phone_hmac: storedPhoneHash(rules.pepper, c.phone, rules.phone), city: c.city, postcode: c.postcode, country: c.country, member_since: c.memberSince },
      };
    }
    case 'order': {
      const o = record.data;
      return {
        ...base,
        type: 'order',
        row: { order_id: o.orderId, customer_id: o.customerId, placed_at: o.placedAt, status: o.status, total_minor: o.totalMinor, currency: o.currency, items: JSON.stringify(o.items) },
      };
    }
    case 'payment': {
      const p = record.data;
      const row = { transaction_id: p.transactionId, order_id: p.orderId, status: p.status, amount_minor: p.amountMinor, currency: p.currency, at: p.at, refunds: JSON.stringify(p.refunds) };
      if (p.card === undefined) return { ...base, type: 'payment', row, card: null };
      const check = checkPan(p.card.number);
      if (!check.ok) return refuse(index, 'invalid_record', CARD_NUMBER_FIELD.join('.'), check.message);
      return { ...base, type: 'payment', row, card: { panHmac: panHmac(rules.pepper, check.digits), ...panFacets(check.digits), expiry: p.card.expiry } };
    }
    case 'shipment':
      return { ...base, type: 'shipment', row: shipmentRow(record.data.orderId, record.data) };
    case 'subscription':
      return { ...base, type: 'subscription', row: subscriptionRow(record.data.customerId, record.data) };
  }
}

export const isRefusal = (prepared: PreparedRecord | RecordRefusal): prepared is RecordRefusal => 'ok' in prepared;
