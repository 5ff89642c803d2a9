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

function Figures({ rows }: { rows: readonly (readonly [string, number])[] }) {
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
            <TileFrame title="Agents" tile={figures.agents}>
              {figures.agents.figures && (
                <Figures
                  rows={[
                    ['Active', figures.agents.figures.active],
                    ['Idle', figures.agents.figures.idle],
                    ['Locked', figures.agents.figures.locked],
                    ['Offline', figures.agents.figures.offline],
                  ]}
                />
              )}
            </TileFrame>
            <TileFrame title="Open alerts" tile={figures.openAlerts}>
              {figures.openAlerts.figures && (
                <Figures
                  rows={[
                    ['Critical', figures.openAlerts.figures.critical],
                    ['Warning', figures.openAlerts.figures.warning],
                    ['Info', figures.openAlerts.figures.info],
                  ]}
                />
              )}
            </TileFrame>
            <TileFrame title="Last hour" tile={figures.lastHour}>
              {figures.lastHour.figures && (
                <Figures
                  rows={[
                    ['Customer lookups', figures.lastHour.figures.lookups],
                    ['Failed sign-ins', figures.lastHour.figures.failedSignIns],
                  ]}
                />
              )}
            </TileFrame>
          </div>
        )}
      </main>
    </div>
  );
}
