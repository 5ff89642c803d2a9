// Places a legal hold (an open chargeback dispute, a court order) on a customer:
// who answers for it, until when, and why. A live hold blocks that customer's erasure.
import { useId, useState } from 'react';
import { CustomerIdSchema } from '../../../../shared/schemas/customer.ts';
import { PlaceLegalHoldSchema } from '../../../../shared/schemas/privacy.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { ReasonDialog } from '../admin/ReasonDialog.tsx';

export function PlaceHoldButton({ onPlaced }: { onPlaced: (holdId: string) => void }) {
  const agent = useAgent();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [customerId, setCustomerId] = useState('');
  const [owner, setOwner] = useState('');
  const [until, setUntil] = useState('');

  const place = async (reason: string): Promise<string | null> => {
    const customer = CustomerIdSchema.safeParse(customerId);
    if (!customer.success) return `Customer: ${customer.error.issues[0]?.message ?? 'invalid'}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return 'Expires: choose a date';
    const hold = PlaceLegalHoldSchema.safeParse({ customerId: customer.data, owner, reason, expiresAt: `${until}T23:59:59.000Z` });
    if (!hold.success) return hold.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; ');
    const r = await agent.privacy.placeHold(hold.data);
    if (!r.ok) return errorText(r.error);
    setOpen(false);
    onPlaced(r.value.holdId);
    return null;
  };

  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>Place legal hold</button>
      {open && (
        <ReasonDialog title="Place a legal hold" confirmLabel="Place hold" schema={PlaceLegalHoldSchema.shape.reason} onConfirm={place} onClose={() => setOpen(false)}>
          <div className="field">
            <label htmlFor={`${id}-customer`}>Customer ID</label>
            <input id={`${id}-customer`} value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-owner`}>Owner</label>
            <input id={`${id}-owner`} value={owner} onChange={(e) => setOwner(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-until`}>Expires</label>
            <input id={`${id}-until`} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          </div>
        </ReasonDialog>
      )}
    </>
  );
}
