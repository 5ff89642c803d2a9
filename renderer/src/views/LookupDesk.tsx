// The agent's desk: one search box that reads CUS-/ORD-/TXN- and bare numbers,
// three modes (Alt+1/2/3 by key position), / or Ctrl+K to focus it, arrow keys
// through the results, and the customer opened from them. A failed, empty or
// fruitless search never closes the customer already open.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type SyntheticEvent } from 'react';
import { looksLikeCardNumber, parseLookupQuery } from '../../../shared/lookup-query.ts';
import { checkPan, normalizePanInput } from '../../../shared/pan.ts';
import type { LookupKind, LookupResult } from '../../../shared/schemas/customer.ts';
import { ShortcutSheet } from '../components/ShortcutSheet.tsx';
import { maskedName, withRecent, type DeskPoint, type RecentCustomer, type ResumePoint } from '../resume-point.ts';
import { errorText, useAgent } from '../agent.tsx';
import { UpdateRequired } from '../components/UpdateRequired.tsx';
import { CallBanner } from '../components/CallBanner.tsx';
import { CardInput } from '../components/CardInput.tsx';
import { CustomerView, type Highlight } from './CustomerView.tsx';
import { mustWrapUp, useWrapupPolicy } from './customer/contact-end.ts';
import { WrapUp } from './customer/WrapUp.tsx';

const MODES: { kind: LookupKind; label: string; code: string; key: string; placeholder: string }[] = [
  { kind: 'customerId', label: 'Customer ID', code: 'Digit1', key: '1', placeholder: 'CUS-000042 or 42' },
  { kind: 'order', label: 'Order / transaction', code: 'Digit2', key: '2', placeholder: 'ORD-2026-0000031 or TXN-…' },
  { kind: 'card', label: 'Card number', code: 'Digit3', key: '3', placeholder: '' },
];

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function LookupDesk({ resumeFrom = null, onChange }: { resumeFrom?: ResumePoint | null; onChange?: (point: DeskPoint) => void }) {
  const agent = useAgent();
  const [mode, setMode] = useState<LookupKind>(resumeFrom?.search.mode ?? 'customerId');
  const [text, setText] = useState(resumeFrom?.search.text ?? '');
  const [card, setCard] = useState({ digits: '', masked: false });
  const [result, setResult] = useState<LookupResult | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'error' | 'info' } | null>(null);
  const [updateRequired, setUpdateRequired] = useState<string | null>(null);
  // A resumed customer is read again (CustomerView fetches it: an audited read), never kept across the lock.
  const [openId, setOpenId] = useState<string | null>(resumeFrom?.customerId ?? null);
  const [recent, setRecent] = useState<readonly RecentCustomer[]>(resumeFrom?.recent ?? []);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const wrapupPolicy = useWrapupPolicy();
  // The contact last wrapped up, and where the agent was going when the wrap-up step came (another customer, or none).
  const [wrappedId, setWrappedId] = useState<string | null>(null);
  const [ending, setEnding] = useState<{ next: RecentCustomer | null } | null>(null);
  const show = useCallback((customer: RecentCustomer | null) => {
    setEnding(null);
    setOpenId(customer?.customerId ?? null);
    if (customer !== null) setRecent((list) => withRecent(list, customer));
  }, []);
  /** Opens a customer and puts it first among this session's recent ones; the contact open before it is wrapped up first when policy says so. */
  const open = useCallback(
    (customer: RecentCustomer) => {
      if (customer.customerId !== openId && mustWrapUp(wrapupPolicy, openId, wrappedId)) setEnding({ next: customer });
      else show(customer);
    },
    [openId, wrapupPolicy, wrappedId, show],
  );
  const endContact = () => {
    if (mustWrapUp(wrapupPolicy, openId, wrappedId)) setEnding({ next: null });
    else show(null);
  };
  const [highlight, setHighlight] = useState<Highlight | null>(null);
  const [busy, setBusy] = useState(false);
  const resultsRef = useRef<HTMLUListElement>(null);

  // Where the agent is, for a lock to keep: the search text (a card number never: its field is not text) and the open customer's ID.
  useEffect(() => {
    onChange?.({ search: { mode, text: mode === 'card' ? '' : text }, customerId: openId, recent });
  }, [onChange, mode, text, openId, recent]);

  const focusSearch = useCallback(() => {
    const field = document.getElementById('lookup-value');
    if (field instanceof HTMLInputElement) {
      field.focus();
      field.select();
    }
  }, []);

  // Counts mode switches; each one focuses the field once the new mode is on screen.
  const [modeSwitches, setModeSwitches] = useState(0);
  // A layout effect runs right after the commit that may have swapped the field,
  // before the agent's next key: a later frame would pull focus back from a
  // result the agent has already arrowed to.
  useLayoutEffect(() => {
    if (modeSwitches > 0) focusSearch();
  }, [modeSwitches, focusSearch]);

  /** Between the text modes the text stays, selected, so the next key replaces it; the card field starts empty. */
  const switchMode = useCallback(
    (kind: LookupKind) => {
      if (mode === 'card' || kind === 'card') {
        setText('');
        setCard({ digits: '', masked: false });
      }
      setMode(kind);
      setMessage(null);
      setModeSwitches((count) => count + 1);
    },
    [mode],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // event.code is the key's position, so Alt+1 works on AZERTY and other layouts too.
      const picked = event.altKey && !event.ctrlKey ? MODES.find((m) => m.code === event.code) : undefined;
      if (picked !== undefined) {
        event.preventDefault();
        switchMode(picked.kind);
      } else if ((event.ctrlKey || event.metaKey) && event.code === 'KeyK') {
        event.preventDefault();
        focusSearch();
      } else if (event.key === '/' && !isTextField(event.target)) {
        event.preventDefault();
        focusSearch();
      } else if (event.key === '?' && !isTextField(event.target)) {
        event.preventDefault();
        setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [switchMode, focusSearch]);

  const moveToCard = (typed: string) => {
    setMode('card');
    setText('');
    setCard({ digits: normalizePanInput(typed) ?? '', masked: true });
    setMessage({ text: 'That looks like a card number: it moved to the card field, masked.', tone: 'info' });
  };

  const lookup = async (request: { by: LookupKind; value: string }, focusRef: string | null) => {
    setBusy(true);
    const answer = await agent.customers.lookup(request);
    setBusy(false);
    if (!answer.ok) {
      if (answer.error.code === 'update_required') setUpdateRequired(answer.error.message);
      else setMessage({ text: errorText(answer.error), tone: 'error' });
      return;
    }
    setResult(answer.value);
    const only = answer.value.results.length === 1 ? answer.value.results[0] : undefined;
    if (only !== undefined) {
      open({ customerId: only.customerId, label: maskedName(only.displayName) });
      setHighlight(focusRef === null ? null : { ref: focusRef, nonce: Date.now() });
    }
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setMessage(null);
    if (mode === 'card') {
      const check = checkPan(card.digits);
      // A number that fails its check keeps its digits, so the agent corrects one instead of retyping all.
      if (!check.ok) {
        setMessage({ text: card.digits === '' ? 'Type the card number the caller reads out.' : check.message, tone: 'error' });
        return;
      }
      // The card number leaves the renderer's state the moment it is submitted.
      setCard({ digits: '', masked: false });
      await lookup({ by: 'card', value: check.digits }, null);
      return;
    }
    const parsed = parseLookupQuery(text, mode);
    if (parsed.kind === 'empty') { setMessage({ text: 'Type a customer ID, order or transaction number first.', tone: 'error' }); return; }
    if (parsed.kind === 'invalid') { setMessage({ text: parsed.message, tone: 'error' }); return; }
    if (parsed.kind === 'card') { moveToCard(text); return; }
    setMode(parsed.by);
    setText(parsed.value);
    await lookup({ by: parsed.by, value: parsed.value }, parsed.by === 'order' ? parsed.value : null);
  };

  const onResultsKey = (event: ReactKeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(resultsRef.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) focusSearch();
    else buttons[Math.min(next, buttons.length - 1)]?.focus();
  };

  /** ↓ from the search field, in every mode (the card field included), moves to the first result. */
  const fieldToResults = (event: ReactKeyboardEvent) => {
    const first = resultsRef.current?.querySelector('button');
    if (event.key !== 'ArrowDown' || (event.target as HTMLElement).id !== 'lookup-value' || first == null) return;
    event.preventDefault();
    first.focus();
  };

  const current = MODES.find((m) => m.kind === mode) ?? MODES[0];
  const openElsewhere = result !== null && openId !== null && !result.results.some((c) => c.customerId === openId);
  if (updateRequired !== null) return <UpdateRequired message={updateRequired} />;
  return (
    <div className="desk">
      <aside className="rail" aria-label="Search">
        <CallBanner
          onConfirmed={(customerId) => {
            open({ customerId, label: customerId });
            setHighlight(null);
          }}
        />
        <section className="card" aria-labelledby="lookup-title">
          <h1 id="lookup-title">Find a customer</h1>
          <div className="modes" role="group" aria-label="Search by">
            {MODES.map((m) => (
              <button key={m.kind} type="button" aria-pressed={mode === m.kind} title={`Alt+${m.key}`} onClick={() => switchMode(m.kind)}>
                {m.label}
              </button>
            ))}
          </div>
          <form onSubmit={(e) => void submit(e)} onKeyDown={fieldToResults} noValidate aria-busy={busy}>
            <label htmlFor="lookup-value">{current?.label}</label>
            <div className="search-row">
              {mode === 'card' ? (
                <div className="grow">
                  <CardInput
                    id="lookup-value"
                    digits={card.digits}
                    masked={card.masked}
                    onDigits={(digits, masked) => {
                      setCard({ digits, masked });
                      setMessage(null);
                    }}
                    describedBy="card-feedback"
                    problem={message?.tone === 'error' ? message.text : null}
                  />
                </div>
              ) : (
                <input
                  id="lookup-value"
                  autoFocus
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={current?.placeholder}
                  value={text}
                  onChange={(e) => (looksLikeCardNumber(e.target.value) ? moveToCard(e.target.value) : setText(e.target.value))}
                  aria-describedby="lookup-hint"
                />
              )}
              <button className="primary" type="submit" disabled={busy || (mode === 'card' && !checkPan(card.digits).ok)}>
                Search
              </button>
            </div>
            <div id="lookup-hint" className="hint">/ or Ctrl+K search · Alt+1 ID · Alt+2 order · Alt+3 card · ↓ results</div>
          </form>
          {message !== null && (mode !== 'card' || message.tone === 'info') && (
            <p className={message.tone === 'error' ? 'error' : 'info'} role={message.tone === 'error' ? 'alert' : 'status'}>
              {message.text}
            </p>
          )}
          {result !== null && (
            <div aria-live="polite">
              <h2>{result.results.length === 0 ? 'No customer found' : `${result.results.length} result${result.results.length === 1 ? '' : 's'}`}</h2>
              <ul className="results" ref={resultsRef} onKeyDown={onResultsKey} aria-label="Results">
                {result.results.map((c) => (
                  <li key={c.customerId}>
                    <button type="button" onClick={() => open({ customerId: c.customerId, label: maskedName(c.displayName) })} aria-current={openId === c.customerId}>
                      <strong>{c.displayName}</strong> <span className="mono">{c.customerId}</span>
                      <br />
                      <span className="hint">
                        {c.city}, {c.country} · {c.cards.map((cardFacet) => cardFacet.masked).join(', ')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
              {result.truncated && <p className="hint">More customers match; refine the search.</p>}
              {openElsewhere && <p className="info" role="status">{openId} stays open, but it is not one of these results.</p>}
            </div>
          )}
        </section>
        {recent.length > 0 && (
          <section className="card" aria-labelledby="recent-title">
            <h2 id="recent-title">Recent customers</h2>
            <ul className="results" aria-label="Recent customers, newest first">
              {recent.map((c) => (
                <li key={c.customerId}>
                  <button type="button" onClick={() => open(c)} aria-current={openId === c.customerId}>
                    {c.label} <span className="mono">{c.customerId}</span>
                  </button>
                </li>
              ))}
            </ul>
            <p className="hint">This session only: signing out forgets them.</p>
          </section>
        )}
        {shortcutsOpen && <ShortcutSheet onClose={() => setShortcutsOpen(false)} />}
      </aside>
      <section aria-label="Customer" className="customer-pane">
        {openId !== null && ending !== null && (
          <>
            {wrapupPolicy.error !== null && <p className="error" role="alert">The wrap-up codes could not be read: {wrapupPolicy.error}</p>}
            <WrapUp
              customerId={openId}
              options={wrapupPolicy.options}
              onDone={(wrapup) => {
                setWrappedId(wrapup.customerId);
                show(ending.next);
              }}
              onCancel={() => setEnding(null)}
            />
          </>
        )}
        {openId !== null && ending === null && (
          <button type="button" className="end-contact" onClick={endContact}>
            End contact
          </button>
        )}
        {openId !== null ? <CustomerView customerId={openId} highlight={highlight} templates={wrapupPolicy.options.templates} /> : <p className="hint">Open a result to see the customer.</p>}
      </section>
    </div>
  );
}
