// One customer, laid out for a live call: a sticky header with the summary
// strip, the profile with notes beside it, then "where is my parcel" and "was I
// charged" (side by side from 1600 px), and subscriptions. Every server string
// renders as text. Times are in the customer's locale and time zone.
import { useCallback, useEffect, useState } from 'react';
import type { CustomerDetail } from '../../../shared/schemas/customer.ts';
import { customerFormat } from '../customer-format.ts';
import { errorText, useAgent } from '../agent.tsx';
import { Charges } from './customer/Charges.tsx';
import { CustomerHeader } from './customer/CustomerHeader.tsx';
import { Notes } from './customer/Notes.tsx';
import { Parcels } from './customer/Parcels.tsx';
import { Profile } from './customer/Profile.tsx';
import { Subscriptions } from './customer/Subscriptions.tsx';

/** The order or transaction the agent searched for: scrolled to and marked once the customer is shown. */
export interface Highlight {
  readonly ref: string;
  /** Changes on every search, so the same reference searched again scrolls again. */
  readonly nonce: number;
}

export function CustomerView({ customerId, highlight = null }: { customerId: string; highlight?: Highlight | null }) {
  const agent = useAgent();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const answer = await agent.customers.get({ customerId });
    if (answer.ok) setDetail(answer.value);
    else setError(errorText(answer.error));
  }, [agent, customerId]);
  useEffect(() => {
    setDetail(null);
    setError(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (detail === null || highlight === null) return;
    const target = document.querySelector(`[data-refs~="${CSS.escape(highlight.ref)}"]`);
    if (!(target instanceof HTMLElement)) return;
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
      <div className="customer-top">
        <Profile customer={detail.customer} format={format} />
        <Notes customerId={customerId} notes={detail.notes} format={format} onAdded={() => void load()} />
      </div>
      <div className="customer-body">
        <Parcels orders={detail.orders} format={format} highlight={highlight?.ref ?? null} />
        <div>
          <Charges orders={detail.orders} format={format} highlight={highlight?.ref ?? null} />
          <Subscriptions customerId={customerId} subscriptions={detail.subscriptions} format={format} onChanged={() => void load()} />
        </div>
      </div>
    </article>
  );
}
