// @vitest-environment jsdom
// The Administration workspace's Wrap-up tab (issue 24): the codes and note
// templates listed with when they were added and retired, adding and retiring
// each, and a refusal from the gateway shown in place.
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';
import { fakeWrapup } from '../harness/desk/fake-wrapup.ts';

afterEach(cleanup);

async function wrapupTab() {
  const wrapup = fakeWrapup();
  const fake = createFakeAgent({ signedInAs: 'adm.ada', handlers: wrapup.handlers });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.click(await screen.findByRole('tab', { name: 'Wrap-up' }));
  await screen.findByRole('cell', { name: 'RESOLVED' });
  return { fake, user, wrapup };
}

describe('the Wrap-up tab', () => {
  it('is the last Administration tab, on Alt+0', async () => {
    await wrapupTab();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.at(-1)?.textContent).toBe('Wrap-up');
    expect(tabs.at(-1)?.getAttribute('aria-keyshortcuts')).toBe('Alt+0');
  });

  it('adds a code typed in lower case as upper case, and refuses a duplicate in place', async () => {
    const { user, wrapup } = await wrapupTab();
    await user.type(screen.getByLabelText('Code'), 'sold');
    await user.type(screen.getByLabelText('Label'), 'Sale made');
    await user.click(screen.getByRole('button', { name: 'Add code' }));
    expect(await screen.findByRole('cell', { name: 'SOLD' })).toBeTruthy();
    expect(wrapup.codes.map((c) => c.code)).toContain('SOLD');
    await user.type(screen.getByLabelText('Code'), 'SOLD');
    await user.type(screen.getByLabelText('Label'), 'Again');
    await user.click(screen.getByRole('button', { name: 'Add code' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrap-up code SOLD already exists');
  });

  it('retires a code and a template, which stay listed with their retirement', async () => {
    const { user, wrapup } = await wrapupTab();
    await user.click(screen.getByRole('button', { name: 'Retire CALLBACK' }));
    await expect.poll(() => screen.queryByRole('button', { name: 'Retire CALLBACK' })).toBeNull();
    const row = screen.getByRole('cell', { name: 'CALLBACK' }).closest('tr');
    if (row === null) throw new Error('no row');
    expect(within(row).getAllByRole('cell')[3]?.textContent).not.toBe('—');
    await user.click(screen.getByRole('button', { name: 'Retire “Refund promised”' }));
    expect(await screen.findByText(/\(retired /)).toBeTruthy();
    expect(wrapup.templates[0]?.retiredAt).not.toBeNull();
  });

  it('adds a template', async () => {
    const { user, wrapup } = await wrapupTab();
    await user.type(screen.getByLabelText('Title'), 'Parcel re-sent');
    await user.type(screen.getByLabelText('Text'), 'Parcel re-sent by express.');
    await user.click(screen.getByRole('button', { name: 'Add template' }));
    expect(await screen.findByText('Parcel re-sent')).toBeTruthy();
    expect(wrapup.templates.map((t) => t.title)).toEqual(['Refund promised', 'Parcel re-sent']);
  });
});
