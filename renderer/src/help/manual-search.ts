// Search in the role manuals, offline: each manual splits into its `##`
// sections, and a section matches when it holds every word of the query, in
// any case and with or without accents. Sections whose heading matches come first.
import type { Manual } from './manuals.ts';

export interface ManualSection {
  readonly manual: string;
  readonly heading: string;
  readonly body: string;
}

const fold = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export function manualSections(manuals: readonly Manual[]): ManualSection[] {
  return manuals.flatMap((manual) =>
    manual.text
      .split(/^## /m)
      .slice(1)
      .map((part) => {
        const [heading = '', ...rest] = part.split('\n');
        return { manual: manual.title, heading: heading.trim(), body: rest.join('\n').trim() };
      }),
  );
}

/** The sections holding every word of `query` (at most 200 characters of it are read). */
export function searchManuals(sections: readonly ManualSection[], query: string): ManualSection[] {
  const words = fold(query.slice(0, 200)).split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return [];
  const scored = sections
    .map((section) => {
      const heading = fold(section.heading);
      const all = `${heading}\n${fold(section.body)}`;
      return { section, hits: words.every((word) => all.includes(word)), inHeading: words.filter((word) => heading.includes(word)).length };
    })
    .filter((entry) => entry.hits);
  return scored.sort((a, b) => b.inHeading - a.inHeading).map((entry) => entry.section);
}
