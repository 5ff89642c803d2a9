// @vitest-environment jsdom
// The role manuals (issue 26): in-app help shows the manuals of the person's
// roles, shipped with the renderer, and searches them with no channel call at
// all (offline). The agent manual names every desk shortcut the desk has.
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { DESK_SHORTCUTS } from '../../renderer/src/components/ShortcutSheet.tsx';
import { manualSections, searchManuals } from '../../renderer/src/help/manual-search.ts';
import { MANUALS } from '../../renderer/src/help/manuals.ts';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

async function openHelp(signedInAs: 'agent.ana' | 'ops.omar') {
  const fake = createFakeAgent({ signedInAs });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.click(await screen.findByRole('button', { name: 'Help' }));
  await screen.findByRole('heading', { name: 'Help', level: 1 });
  return { fake, user };
}

describe('in-app help', () => {
  it("shows an agent the agent manual only, and finds a section by any of its words, in any case, without calling out", async () => {
    const { fake, user } = await openHelp('agent.ana');
    expect(screen.getByRole('article', { name: 'Agent manual' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Manuals' })).toBeNull();
    const before = fake.calls.length;
    await user.type(screen.getByRole('searchbox', { name: 'Search the manuals' }), 'PARCEL late');
    const hit = await screen.findByRole('article', { name: 'Agent manual: Where is my parcel' });
    expect(within(hit).getByText('late').tagName).toBe('STRONG');
    expect(screen.getByRole('heading', { name: '1 section found' })).toBeTruthy();
    await user.clear(screen.getByRole('searchbox', { name: 'Search the manuals' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search the manuals' }), 'zebra crossing');
    expect(await screen.findByRole('heading', { name: 'Nothing found' })).toBeTruthy();
    expect(fake.calls.slice(before)).toEqual([]);
  });

  it('shows a supervisor who is also an admin both of their manuals', async () => {
    const { user } = await openHelp('ops.omar');
    const nav = screen.getByRole('navigation', { name: 'Manuals' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['Supervisor manual', 'Admin manual']);
    await user.click(within(nav).getByRole('button', { name: 'Admin manual' }));
    expect(screen.getByRole('article', { name: 'Admin manual' }).textContent).toContain('Access review');
  });
});

describe('the manuals', () => {
  it('are all bundled, one per role', () => {
    expect(MANUALS.map((manual) => [manual.role, manual.text.split('\n')[0]])).toEqual([
      ['agent', '# Agent manual'],
      ['supervisor', '# Supervisor manual'],
      ['admin', '# Admin manual'],
    ]);
  });

  it('name every shortcut of the agent desk', () => {
    const agent = MANUALS.find((manual) => manual.role === 'agent')?.text ?? '';
    for (const shortcut of DESK_SHORTCUTS.flatMap((s) => s.keys)) expect(agent, shortcut).toContain(shortcut);
  });

  it('search accented and hostile queries without throwing, and a long one only by its first 200 characters', () => {
    const sections = manualSections(MANUALS);
    expect(sections.length).toBeGreaterThan(15);
    expect(searchManuals(sections, 'Récent CUSTOMERS').map((s) => s.heading)).toContain('Recent customers');
    expect(searchManuals(sections, '(.*+?[')).toEqual([]);
    expect(searchManuals(sections, `lock ${'x'.repeat(100_000)}`)).toEqual([]);
    expect(searchManuals(sections, '   ')).toEqual([]);
  });
});
