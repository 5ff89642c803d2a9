// Who the caller should be: masked contact details, address and cards, to
// check identity against.
import type { CustomerDetail } from '../../../../shared/schemas/customer.ts';
import type { CustomerFormat } from '../../customer-format.ts';

export function Profile({ customer: c, format }: { customer: CustomerDetail['customer']; format: CustomerFormat }) {
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="facts">
        <dt>E-mail</dt>
        <dd>{c.emailMasked}</dd>
        <dt>Phone</dt>
        <dd>{c.phoneMasked}</dd>
        <dt>Address</dt>
        <dd>{c.postcode} {c.city}, {c.country}</dd>
        <dt>Customer since</dt>
        <dd>{format.date(c.memberSince)}</dd>
        <dt>Cards</dt>
        <dd>
          {c.cards.map((card) => (
            <span key={card.cardId} className="badge mono">
              {card.masked} · {card.expiry}
            </span>
          ))}
        </dd>
        <dt>Times shown in</dt>
        <dd>{format.timeZone ?? 'this computer’s time zone'}</dd>
      </dl>
    </section>
  );
}
