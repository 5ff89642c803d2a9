// In-app help: the manuals of the signed-in person's roles, with a search box
// that works offline over their sections.
import { useMemo, useState } from 'react';
import type { Role } from '../../../shared/roles.ts';
import { Markdown } from '../components/Markdown.tsx';
import { manualSections, searchManuals } from '../help/manual-search.ts';
import { MANUALS, MANUALS_VERSION } from '../help/manuals.ts';

export function HelpView({ roles }: { roles: readonly Role[] }) {
  const manuals = useMemo(() => MANUALS.filter((manual) => roles.includes(manual.role)), [roles]);
  const sections = useMemo(() => manualSections(manuals), [manuals]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(manuals[0]?.role ?? 'agent');
  const found = searchManuals(sections, query);
  const shown = manuals.find((manual) => manual.role === open) ?? manuals[0];
  return (
    <section className="training help" aria-labelledby="help-title">
      <header className="training-head">
        <h1 id="help-title">Help</h1>
        <p className="hint">Manuals edition {MANUALS_VERSION}, part of this desk: they work without a network.</p>
        <label htmlFor="help-search">Search the manuals</label>
        <input id="help-search" type="search" maxLength={200} value={query} onChange={(e) => setQuery(e.target.value)} />
      </header>
      {query.trim() !== '' ? (
        <div aria-live="polite">
          <h2>{found.length === 0 ? 'Nothing found' : `${String(found.length)} ${found.length === 1 ? 'section' : 'sections'} found`}</h2>
          {found.map((section) => (
            <article key={`${section.manual}/${section.heading}`} className="card" aria-label={`${section.manual}: ${section.heading}`}>
              <h3>
                {section.heading} <span className="hint">{section.manual}</span>
              </h3>
              <Markdown source={section.body} headingLevel={3} />
            </article>
          ))}
        </div>
      ) : (
        <>
          {manuals.length > 1 && (
            <nav aria-label="Manuals">
              {manuals.map((manual) => (
                <button key={manual.role} type="button" aria-current={manual.role === open ? 'page' : undefined} onClick={() => setOpen(manual.role)}>
                  {manual.title}
                </button>
              ))}
            </nav>
          )}
          {shown !== undefined && (
            <article className="card" aria-label={shown.title}>
              <Markdown source={shown.text.replace(/^# .*\n/, '')} headingLevel={2} />
            </article>
          )}
        </>
      )}
    </section>
  );
}
