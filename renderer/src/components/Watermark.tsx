// Faint, repeated agent ID and time over sensitive views where the OS cannot
// keep them out of screen captures, so a leaked screenshot names its source.
import { useEffect, useState } from 'react';

export function Watermark({ agentId }: { agentId: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const label = `${agentId} · ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return (
    <div className="watermark" aria-hidden="true" data-testid="watermark">
      {Array.from({ length: 48 }, (_, i) => <span key={i}>{label}</span>)}
    </div>
  );
}
