// Faint, repeated agent ID and time over sensitive views where the OS cannot
// keep them out of screen captures, so a leaked screenshot names its source.
// Drawn as an SVG background (img-src data: is allowed), so it is an image to
// assistive technology, not text to read out. A mid grey shows faintly on the
// light and the dark theme alike.
import { useEffect, useState } from 'react';

const xmlEscape = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);

export function watermarkImage(label: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="220">` +
    `<text x="10" y="120" transform="rotate(-18 210 110)" font-family="sans-serif" font-size="18" fill="#808891" fill-opacity="0.14">${xmlEscape(label)}</text>` +
    `</svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

export function Watermark({ agentId }: { agentId: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const label = `${agentId} · ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return <div className="watermark" role="presentation" data-testid="watermark" data-label={label} style={{ backgroundImage: watermarkImage(label) }} />;
}
