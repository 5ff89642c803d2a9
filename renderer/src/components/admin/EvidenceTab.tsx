// The assessor's evidence pack (issue 26): a range of days in, one zip out, by
// PCI DSS requirement. The gateway builds it and records its manifest's hash.
import { useState, type SyntheticEvent } from 'react';
import type { EvidenceManifest } from '../../../../shared/schemas/evidence.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { fromBase64, saveFile } from '../../save-file.ts';

const DAY_MS = 86_400_000;

export function EvidenceTab() {
  const agent = useAgent();
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const [made, setMade] = useState<EvidenceManifest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const build = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    const r = await agent.admin.evidencePack({ from, to });
    setBusy(false);
    if (!r.ok) { setError(errorText(r.error)); return; }
    setError(null);
    setMade(r.value);
    if (r.value.zipBase64 !== undefined) saveFile(new Blob([fromBase64(r.value.zipBase64)], { type: 'application/zip' }), `evidence-${from}-${to}.zip`);
  };

  return (
    <>
      <h2>Evidence pack</h2>
      <p className="hint">One zip for an assessor: a folder per PCI DSS requirement with its record (CSV and HTML), the configuration in force and how it was produced; open index.html.</p>
      <form className="search-row" onSubmit={(e) => void build(e)}>
        <div><label htmlFor="evidence-from">From</label><input id="evidence-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
        <div><label htmlFor="evidence-to">To</label><input id="evidence-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        <div className="actions"><button className="primary" type="submit" disabled={busy}>{busy ? 'Building…' : 'Build evidence pack'}</button></div>
      </form>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {made !== null && (
        <>
          <p>Pack for {made.from} to {made.to}: {made.files.length} files. Manifest SHA-256 (recorded in the audit trail): <code>{made.manifestSha256}</code></p>
          <ul>{made.requirements.map((r) => <li key={r.requirement}>{r.requirement} {r.title}</li>)}</ul>
        </>
      )}
    </>
  );
}
