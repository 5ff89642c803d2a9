// One customer, laid out for a live call: a sticky header with the summary
// strip, the profile with notes beside it, then "where is my parcel" and "was I
// charged" (side by side from 1600 px), and subscriptions. Every server string
// renders as text. Times are in the customer's locale and time zone. While it is
// open, main pushes it again whenever a source changes it; the view swaps the
// data in place and marks the rows that changed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerDetail } from '../../../shared/schemas/customer.ts';
import type { NoteTemplate } from '../../../shared/schemas/wrapup.ts';
import { changedRecords } from '../customer-changes.ts';
import { customerFormat } from '../customer-format.ts';
import { errorText, useAgent } from '../agent.tsx';
import { Charges } from './customer/Charges.tsx';
import { CustomerHeader } from './customer/CustomerHeader.tsx';
import { Notes } from './customer/Notes.tsx';
import { Parcels } from './customer/Parcels.tsx';
import { PrivacyRequestForm } from './customer/PrivacyRequestForm.tsx';
import { Profile } from './customer/Profile.tsx';
import { Subscriptions } from './customer/Subscriptions.tsx';

/** The order or transaction the agent searched for: scrolled to and marked once the customer is shown. */
export interface Highlight {
  readonly ref: string;
  /** Changes on every search, so the same reference searched again scrolls again. */
  readonly nonce: number;
}

/** A refresh main pushed while this customer was open: when it came and which rows it changed. */
interface Refreshed {
  readonly at: string;
  readonly changed: ReadonlySet<string>;
}
const NOTHING_CHANGED: ReadonlySet<string> = new Set();

export function CustomerView({ customerId, highlight = null, templates = [] }: { customerId: string; highlight?: Highlight | null; templates?: readonly NoteTemplate[] }) {
  const agent = useAgent();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refreshed, setRefreshed] = useState<Refreshed | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const scrolledFor = useRef<number | null>(null);

  const load = useCallback(async () => {
    const answer = await agent.customers.get({ customerId });
    if (!answer.ok) {
      setError(errorText(answer.error));
      return;
    }
    setDetail(answer.value);
    setStale(null);
    // From here main keeps this view current, and knows the agent's own changes are already on screen.
    void agent.customers.follow({ customerId, revision: answer.value.revision });
  }, [agent, customerId]);
  useEffect(() => {
    setDetail(null);
    setError(null);
    setRefreshed(null);
    void load();
    return () => void agent.customers.unfollow({ customerId });
  }, [agent, customerId, load]);

  // A refresh replaces the data in place: scroll position, open sections and what the agent types stay as they are.
  useEffect(
    () =>
      agent.subscribe('customer.updated', (refresh) => {
        if (refresh.status === 'unavailable') {
          if (refresh.customerId !== customerId) return;
          // Gone at the gateway (erased): nothing of it stays on screen.
          if (refresh.error.code === 'not_found') {
            setDetail(null);
            setError(`${customerId} is no longer held: it was erased or removed.`);
          } else setStale(errorText(refresh.error));
          return;
        }
        if (refresh.detail.customer.customerId !== customerId) return;
        setRefreshed({ at: new Date().toISOString(), changed: detail === null ? NOTHING_CHANGED : changedRecords(detail, refresh.detail) });
        setDetail(refresh.detail);
      }),
    [agent, customerId, detail],
  );

  useEffect(() => {
    // Once per search: a refresh that arrives later must not pull the agent back to it.
    if (detail === null || highlight === null || scrolledFor.current === highlight.nonce) return;
    const target = document.querySelector(`[data-refs~="${CSS.escape(highlight.ref)}"]`);
    if (!(target instanceof HTMLElement)) return;
    scrolledFor.current = highlight.nonce;
    // jsdom has no layout, so no scrollIntoView; Chromium does.
    if ('scrollIntoView' in target) target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }, [detail, highlight]);

  if (error !== null) return <p className="error" role="alert">{error}</p>;
  if (detail === null) return <p aria-busy="true">Loading {customerId}…</p>;
  const format = customerFormat(detail.customer.country);
  return (
    <article aria-labelledby="customer-title" className="customer">
      <CustomerHeader detail={detail} format={format} />
      <div role="status" aria-live="polite">
        {refreshed !== null && stale === null && (
          <p className="info refreshed">
            Updated <time dateTime={refreshed.at}>{format.dateTime(refreshed.at)}</time>:{' '}
            {refreshed.changed.size === 0 ? 'nothing on screen changed' : `${refreshed.changed.size} marked ${refreshed.changed.size === 1 ? 'item' : 'items'} changed`}
          </p>
        )}
      </div>
      {stale !== null && (
        <p className="error" role="alert">
          This customer changed, but the desk could not show the change: {stale}{' '}
          <button type="button" className="link" onClick={() => void load()}>
            Reload
          </button>
        </p>
      )}
      <div className="customer-top">
        <Profile customer={detail.customer} format={format} />
        <Notes customerId={customerId} notes={detail.notes} format={format} onAdded={() => void load()} templates={templates} />
      </div>
      <div className="customer-body">
        <Parcels orders={detail.orders} format={format} highlight={highlight?.ref ?? null} changed={refreshed?.changed ?? NOTHING_CHANGED} />
        <div>
          <Charges orders={detail.orders} format={format} highlight={highlight?.ref ?? null} changed={refreshed?.changed ?? NOTHING_CHANGED} />
          <Subscriptions customerId={customerId} subscriptions={detail.subscriptions} format={format} onChanged={() => void load()} />
          <PrivacyRequestForm customerId={customerId} format={format} />
        </div>
      </div>
    </article>
  );
}
