// The role manuals shipped with the renderer (./manuals/<role>.md): bundled at
// build time, so they are versioned with the desk and read offline.
import type { Role } from '../../../shared/roles.ts';

/** Bumped with every change to a manual's text, so a reader can say which edition they followed. */
export const MANUALS_VERSION = '2026.12';

export interface Manual {
  readonly role: Role;
  readonly title: string;
  readonly text: string;
}

const TEXTS: Record<string, string> = import.meta.glob<string>('./manuals/*.md', { query: '?raw', import: 'default', eager: true });
const text = (role: Role): string => TEXTS[`./manuals/${role}.md`] ?? '';

export const MANUALS: readonly Manual[] = [
  { role: 'agent', title: 'Agent manual', text: text('agent') },
  { role: 'supervisor', title: 'Supervisor manual', text: text('supervisor') },
  { role: 'admin', title: 'Admin manual', text: text('admin') },
];
