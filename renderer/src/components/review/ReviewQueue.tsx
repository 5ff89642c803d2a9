// The daily log review queue (PCI DSS 10.4.1.1): the last days the gateway
// reviewed, each with its findings (severity, rule, the numbers that explain
// it). Signing a day off takes one note per finding; nothing is sent until
// every note passes the same schema the gateway applies.
import { useCallback, useEffect, useId, useState, type SyntheticEvent } from 'react';
import { ReviewNoteSchema, type Finding, type ReviewDay } from '../../../../shared/schemas/review.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from '../admin/format.ts';

/** Days shown: the last two weeks, newest first. */
const SHOWN_DAYS = 14;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function ReviewQueue({ canSignOff }: { canSignOff: boolean }) {
  const agent = useAgent();
  const [days, setDays] = useState<ReviewDay[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const now = Date.now();
    const r = await agent.review.days({ from: isoDay(now - SHOWN_DAYS * 86_400_000), to: isoDay(now) });
    if (r.ok) {
      setDays([...r.value].reverse());
      setError(null);
    } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);
  return (
    <section aria-labelledby="review-queue-title">
      <h2 id="review-queue-title">Daily log review</h2>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {days.length === 0 && error === null && <p className="hint">No reviewed days yet.</p>}
      {days.map((day) => (
        <ReviewDayCard key={day.day} day={day} canSignOff={canSignOff} onSigned={() => void refresh()} />
      ))}
    </section>
  );
}

const STATUS_WORDS: Record<ReviewDay['status'], string> = { pending: 'to review', overdue: 'overdue', signed: 'signed off' };

function ReviewDayCard({ day, canSignOff, onSigned }: { day: ReviewDay; canSignOff: boolean; onSigned: () => void }) {
  const agent = useAgent();
  const id = useId();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = day.status !== 'signed';
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = day.findings.map((f) => ({ finding: f, parsed: ReviewNoteSchema.safeParse(notes[f.findingId] ?? '') }));
    const bad = checked.find((c) => !c.parsed.success);
    if (bad !== undefined) {
      setError(`Note on "${bad.finding.summary.slice(0, 60)}…": ${bad.parsed.error?.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    setError(null);
    setBusy(true);
    const r = await agent.review.signOff({ day: day.day, notes: checked.map((c) => ({ findingId: c.finding.findingId, note: c.parsed.data ?? '' })) });
    setBusy(false);
    if (r.ok) onSigned();
    else setError(errorText(r.error));
  };
  return (
    <article className="card review-day" aria-labelledby={`${id}-day`}>
      <h3 id={`${id}-day`}>
        {day.day} <span className={`badge ${day.status === 'overdue' ? 'warn' : ''}`}>{STATUS_WORDS[day.status]}</span>
      </h3>
      <p className="hint">
        {day.findings.length === 0 ? 'No findings.' : `${day.findings.length} finding${day.findings.length === 1 ? '' : 's'}.`}
        {day.signOff !== null && ` Signed off by ${day.signOff.by}, ${when(day.signOff.at)}.`}
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <ul className="findings">
          {day.findings.map((f) => (
            <FindingRow key={f.findingId} finding={f} editable={open && canSignOff} note={notes[f.findingId] ?? ''} onNote={(text) => setNotes((n) => ({ ...n, [f.findingId]: text }))} />
          ))}
        </ul>
        {error !== null && <p className="error" role="alert">{error}</p>}
        {open && canSignOff && (
          <button type="submit" disabled={busy}>
            Sign off {day.day}
          </button>
        )}
      </form>
    </article>
  );
}

function FindingRow({ finding, editable, note, onNote }: { finding: Finding; editable: boolean; note: string; onNote: (text: string) => void }) {
  const id = useId();
  return (
    <li className="finding">
      <span className={`badge ${finding.severity === 'low' ? '' : 'warn'}`}>{finding.severity}</span> <strong>{finding.rule.replaceAll('_', ' ')}</strong>
      <p>{finding.summary}</p>
      {finding.note !== null && <p className="hint">Note: {finding.note}</p>}
      {editable && (
        <div className="field">
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => onNote(e.target.value)} />
        </div>
      )}
    </li>
  );
}
