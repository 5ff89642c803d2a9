// The wallboard: a supervisor's desk turned into a display of the floor in
// aggregate (agents by state, open alerts, the last hour), refreshed by itself,
// each tile with the time its figures were read. Main answers nothing else on
// it, keeps it out of the idle lock, and sends it no names, customers or feed;
// leaving it is a lock, so whoever walks up needs the password.
import { useEffect, useState } from 'react';
import type { Wallboard as WallboardFigures } from '../../../shared/schemas/floor.ts';
import { errorText, useAgent } from '../agent.tsx';
import { clockTime } from '../components/supervisor/format.ts';

/** How often the display reads its figures again. */
export const WALLBOARD_REFRESH_MS = 30_000;

type Tile = WallboardFigures[keyof WallboardFigures];

function TileFrame({ title, tile, children }: { title: string; tile: Tile; children: React.ReactNode }) {
  const id = `wallboard-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="card wallboard-tile" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {tile.figures === null ? <p className="hint">Not read yet</p> : children}
      <p className={tile.stale ? 'hint warn' : 'hint'}>
        {tile.stale ? 'Could not refresh; figures as of ' : 'As of '}
        <time dateTime={tile.asOf ?? undefined}>{clockTime(tile.asOf)}</time>
      </p>
    </section>
  );
}

function Figures({ rows }: { rows: Rows }) {
  return (
    <dl className="wallboard-figures">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Rows = readonly (readonly [string, number])[];
/** The tiles in order: each a part of the figures and how it reads, row by row. */
const TILES: readonly { readonly key: keyof WallboardFigures; readonly title: string; readonly rows: (board: WallboardFigures) => Rows | null }[] = [
  {
    key: 'agents',
    title: 'Agents',
    rows: ({ agents: { figures: f } }) => (f === null ? null : [['Active', f.active], ['Idle', f.idle], ['Locked', f.locked], ['Offline', f.offline]]),
  },
  {
    key: 'openAlerts',
    title: 'Open alerts',
    rows: ({ openAlerts: { figures: f } }) => (f === null ? null : [['Critical', f.critical], ['Warning', f.warning], ['Info', f.info]]),
  },
  {
    key: 'lastHour',
    title: 'Last hour',
    rows: ({ lastHour: { figures: f } }) => (f === null ? null : [['Customer lookups', f.lookups], ['Failed sign-ins', f.failedSignIns]]),
  },
];

export function Wallboard() {
  const agent = useAgent();
  const [figures, setFigures] = useState<WallboardFigures | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const read = (): void => {
      void agent.supervisor.wallboard().then((r) => {
        if (r.ok) {
          setFigures(r.value);
          setError(null);
        } else setError(errorText(r.error));
      });
    };
    read();
    const timer = setInterval(read, WALLBOARD_REFRESH_MS);
    return () => clearInterval(timer);
  }, [agent]);

  return (
    <div className="app wallboard">
      <header className="topbar">
        <span className="brand">Sentinel Desk · Floor</span>
        <span className="spacer" />
        <button type="button" onClick={() => void agent.session.lock()}>
          Leave the wallboard (locks the desk)
        </button>
      </header>
      <main className="main" aria-label="Wallboard">
        <h1>The floor</h1>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {figures === null ? (
          <p aria-busy="true">Reading the floor…</p>
        ) : (
          <div className="wallboard-tiles">
            {TILES.map((tile) => {
              const rows = tile.rows(figures);
              return (
                <TileFrame key={tile.key} title={tile.title} tile={figures[tile.key]}>
                  {rows !== null && <Figures rows={rows} />}
                </TileFrame>
              );
            })}
          </div>
        )}
      </main>
    </div>
  );
}
