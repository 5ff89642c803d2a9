// Due dates of data-subject requests: GDPR one calendar month (clamped to the
// shorter month's last day) plus two on extension; CCPA 45 days plus 45 once.
import { describe, expect, it } from 'vitest';
import { dueAt, dueState, extendedDueAt } from '../../../server/customers/privacy-deadlines.ts';

const at = (iso: string): number => Date.parse(iso);

describe('privacy request deadlines', () => {
  it('GDPR: one month from receipt, three after the extension; a longer month ends on the shorter one\'s last day', () => {
    expect(new Date(dueAt('gdpr', at('2026-03-10T09:30:00.000Z'))).toISOString()).toBe('2026-04-10T09:30:00.000Z');
    expect(new Date(dueAt('gdpr', at('2027-01-31T12:00:00.000Z'))).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(new Date(dueAt('gdpr', at('2028-01-31T12:00:00.000Z'))).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(new Date(dueAt('gdpr', at('2026-12-15T00:00:00.000Z'))).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(new Date(extendedDueAt('gdpr', at('2026-11-30T08:00:00.000Z'))).toISOString()).toBe('2027-02-28T08:00:00.000Z');
  });

  it('CCPA: 45 days from receipt, 90 after the one extension', () => {
    expect(new Date(dueAt('ccpa', at('2026-03-10T09:30:00.000Z'))).toISOString()).toBe('2026-04-24T09:30:00.000Z');
    expect(new Date(extendedDueAt('ccpa', at('2026-03-10T09:30:00.000Z'))).toISOString()).toBe('2026-06-08T09:30:00.000Z');
  });

  it('an open request is due soon within the warning days, overdue after its due date, and closed once done', () => {
    const due = at('2026-04-10T09:30:00.000Z');
    expect(dueState({ status: 'open', dueAt: due }, due - 8 * 86_400_000, 7)).toBe('on_time');
    expect(dueState({ status: 'open', dueAt: due }, due - 7 * 86_400_000, 7)).toBe('due_soon');
    expect(dueState({ status: 'open', dueAt: due }, due, 7)).toBe('due_soon');
    expect(dueState({ status: 'open', dueAt: due }, due + 1, 7)).toBe('overdue');
    expect(dueState({ status: 'completed', dueAt: due }, due + 1, 7)).toBe('closed');
  });
});
