// One uPlot chart in a figure. uPlot (about 22 KB gzipped) draws on a canvas
// and sizes its parts through element.style (CSSOM), which the renderer's CSP
// (style-src 'self', Trusted Types) allows; it never writes HTML strings. It is
// loaded on demand, so only the supervisor view pays for it. Every chart comes
// with a data table (the children) for screen readers and for copying.
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import { useEffect, useRef, useState, type ReactNode } from 'react';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const HEIGHT = 220;

/** A colour token from tokens.css: canvas drawing cannot read CSS variables itself. */
export function chartColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--chart-${name}`).trim() || '#1d5fbf';
}

export interface LegendItem {
  readonly label: string;
  /** A `--chart-*` token name; the swatch uses the class `swatch-<color>`. */
  readonly color: string;
}

export function UPlotChart({
  title,
  summary,
  legend,
  options,
  data,
  children,
}: {
  title: string;
  summary: string;
  legend: readonly LegendItem[];
  /** Built once uPlot has loaded, so options can use its path builders. */
  options: (lib: typeof uPlot) => ChartOptions;
  data: uPlot.AlignedData;
  children: ReactNode;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const target = holder.current;
    if (target === null) return;
    let plot: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    void import('uplot')
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        plot = new UPlot({ legend: { show: false }, ...options(UPlot), width: Math.max(240, target.clientWidth), height: HEIGHT }, data, target);
        observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, target.clientWidth), height: HEIGHT }));
        observer.observe(target);
      })
      .catch(() => {
        // No canvas (or no matchMedia) here: the table below still carries every number.
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [options, data]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={holder} className="chart-canvas" role="img" aria-label={`${title}: ${summary}`} />
      <ul className="chart-legend" aria-hidden="true">
        {legend.map((item) => <li key={item.label}><span className={`swatch swatch-${item.color}`} />{item.label}</li>)}
      </ul>
      {failed && <p className="hint">The chart cannot be drawn here; the table has the same numbers.</p>}
      <details>
        <summary>Data table: {title}</summary>
        {children}
      </details>
    </figure>
  );
}
