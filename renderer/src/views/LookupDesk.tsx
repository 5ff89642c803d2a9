// The agent's desk: one search box, three modes (Alt+1/2/3), results, and the
// customer opened from them.
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import type { LookupKind, LookupResult } from '../../../shared/schemas/customer.ts';
import { errorText, useAgent } from '../agent.tsx';
import { CardInput } from '../components/CardInput.tsx';
import { CustomerView } from './CustomerView.tsx';

const MODES: { kind: LookupKind; label: string; key: string; placeholder: string }[] = [
  { kind: 'customerId', label: 'Customer ID', key: '1', placeholder: 'CUS-000042' },
  { kind: 'order', label: 'Order / transaction', key: '2', placeholder: 'ORD-2026-0000031 or TXN-…' },
  { kind: 'card', label: 'Card number', key: '3', placeholder: '' },
];

export function LookupDesk() {
  const agent = useAgent();
  const [mode, setMode] = useState<LookupKind>('customerId');
  const [text, setText] = useState('');
  const [digits, setDigits] = useState('');
  const [result, setResult] = useState<LookupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const picked = event.altKey ? MODES.find((m) => m.key === event.key) : undefined;
      if (picked === undefined) return;
      event.preventDefault();
      setMode(picked.kind);
      setDigits('');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setOpenId(null);
    const value = mode === 'card' ? digits : text.trim();
    // The card number leaves the renderer's state the moment it is submitted.
    if (mode === 'card') setDigits('');
    const answer = await agent.customers.lookup({ by: mode, value });
    if (!answer.ok) {
      setResult(null);
      setError(errorText(answer.error));
      return;
    }
    setResult(answer.value);
    if (answer.value.results.length === 1) setOpenId(answer.value.results[0]?.customerId ?? null);
  };

  return (
    <div className="desk">
      <section className="card" aria-labelledby="lookup-title">
        <h1 id="lookup-title">Find a customer</h1>
        <div className="modes" role="group" aria-label="Search by">
          {MODES.map((m) => (
            <button key={m.kind} type="button" aria-pressed={mode === m.kind} title={`Alt+${m.key}`} onClick={() => { setMode(m.kind); setDigits(''); }}>
              {m.label}
            </button>
          ))}
        </div>
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="lookup-value">{MODES.find((m) => m.kind === mode)?.label}</label>
          <div className="search-row">
            {mode === 'card' ? (
              <div style={{ flex: 1 }}>
                <CardInput id="lookup-value" digits={digits} onDigits={setDigits} describedBy="card-feedback" />
              </div>
            ) : (
              <input
                id="lookup-value"
                ref={searchRef}
                key={mode}
                autoFocus
                autoComplete="off"
                spellCheck={false}
                placeholder={MODES.find((m) => m.kind === mode)?.placeholder}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
            <button className="primary" type="submit">Search</button>
          </div>
          <div className="hint">Alt+1 customer ID · Alt+2 order · Alt+3 card</div>
        </form>
        {error !== null && <p className="error" role="alert">{error}</p>}
        {result !== null && (
          <div aria-live="polite">
            <h2>{result.results.length === 0 ? 'No customer found' : `${result.results.length} result${result.results.length === 1 ? '' : 's'}`}</h2>
            <ul className="results">
              {result.results.map((c) => (
                <li key={c.customerId}>
                  <button type="button" onClick={() => setOpenId(c.customerId)} aria-current={openId === c.customerId}>
                    <strong>{c.displayName}</strong> <span className="mono">{c.customerId}</span>
                    <br />
                    <span className="hint">{c.city}, {c.country} · {c.cards.map((card) => card.masked).join(', ')}</span>
                  </button>
                </li>
              ))}
            </ul>
            {result.truncated && <p className="hint">More customers match; refine the search.</p>}
          </div>
        )}
      </section>
      <section aria-label="Customer">{openId !== null ? <CustomerView customerId={openId} /> : <p className="hint">Open a result to see the customer.</p>}</section>
    </div>
  );
}
