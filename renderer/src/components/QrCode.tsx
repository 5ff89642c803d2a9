// A QR code drawn as SVG squares from the qrcode library's module matrix:
// React elements only (no innerHTML, no data: URL), so the renderer's CSP holds.
import QRCode from 'qrcode';
import { useMemo } from 'react';

/** Quiet zone of 4 modules on each side, as the QR standard asks. */
const QUIET = 4;

export function QrCode({ text, label, size = 232 }: { text: string; label: string; size?: number }) {
  const { count, dark } = useMemo(() => {
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    const cells: { x: number; y: number }[] = [];
    for (let y = 0; y < modules.size; y += 1) {
      for (let x = 0; x < modules.size; x += 1) if (modules.get(x, y)) cells.push({ x, y });
    }
    return { count: modules.size, dark: cells };
  }, [text]);
  const extent = count + QUIET * 2;
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${extent} ${extent}`} shapeRendering="crispEdges" data-modules={count}>
      <rect width={extent} height={extent} fill="#ffffff" />
      {dark.map(({ x, y }) => (
        <rect key={`${x},${y}`} x={x + QUIET} y={y + QUIET} width={1} height={1} fill="#000000" />
      ))}
    </svg>
  );
}
