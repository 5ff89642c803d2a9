// @vitest-environment jsdom
// The Privacy workspace (issue 27) for a privacy-only officer: the request list
// with deadlines in words, an erasure through its life (extended once with a
// reason, refused while a legal hold is live and naming it, erased once the hold
// is released), and the export rendered as text with its two downloads.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';
import { fakePrivacy, HOSTILE_NOTE } from '../harness/desk/fake-privacy.ts';

afterEach(cleanup);

async function workspace() {
  const privacy = fakePrivacy();
  const fake = createFakeAgent({ signedInAs: 'priv.pia', handlers: privacy.handlers });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  const table = await screen.findByRole('table', { name: 'Privacy requests' });
  return { fake, user, privacy, table };
}

const rowOf = (table: HTMLElement, requestId: string): HTMLElement => {
  const row = within(table).getByRole('button', { name: requestId }).closest('tr');
  if (row === null) throw new Error(`no row for ${requestId}`);
  return row;
};

describe('the Privacy workspace', () => {
  it('is where a privacy-only user lands, with the deadline of each request in words', async () => {
    const { table } = await workspace();
    expect(screen.queryByText('Administration needs the admin role.')).toBeNull();
    expect(screen.getByRole('button', { name: 'Privacy' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('button', { name: 'Lookup' })).toBeNull();
    expect(rowOf(table, 'PR-erase-0001').textContent).toContain('Due soon');
    expect(rowOf(table, 'PR-access-0002').textContent).toContain('Overdue');
  });

  it('an erasure through its life: extended once, refused while a hold is live and naming it, done once it is released', async () => {
    const { user, table, fake } = await workspace();
    await user.click(within(table).getByRole('button', { name: 'PR-erase-0001' }));
    const panel = screen.getByRole('region', { name: /Request PR-erase-0001/ });

    await user.click(within(panel).getByRole('button', { name: 'Extend deadline' }));
    await user.type(screen.getByLabelText('Reason'), 'Records held in three systems');
    await user.click(screen.getByRole('button', { name: 'Extend' }));
    await waitFor(() => expect(within(screen.getByRole('region', { name: /Request PR-erase-0001/ })).getByText(/Records held in three systems/)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Extend deadline' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Place legal hold' }));
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001');
    await user.type(screen.getByLabelText('Owner'), 'Legal team');
    await user.type(screen.getByLabelText('Expires'), '2027-03-01');
    await user.type(screen.getByLabelText('Reason'), 'Chargeback dispute open');
    await user.click(screen.getByRole('button', { name: 'Place hold' }));
    expect(await screen.findByText('Legal hold LH-1 placed.')).toBeTruthy();
    const holds = await screen.findByRole('note', { name: 'Legal holds' });
    expect(holds.textContent).toContain('Chargeback dispute open (owner Legal team');
    expect(rowOf(table, 'PR-erase-0001').textContent).toContain('on legal hold');

    await user.click(screen.getByRole('button', { name: 'Complete: erase the customer' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/legal hold.*LH-1/);
    expect(rowOf(table, 'PR-erase-0001').textContent).toContain('open');

    await user.click(screen.getByRole('button', { name: 'Export data' }));
    await screen.findByRole('region', { name: 'Export for CUS-000002' });
    await user.click(screen.getByRole('button', { name: 'Release hold LH-1' }));
    await user.type(screen.getByLabelText('Reason'), 'Dispute closed in our favour');
    await user.click(screen.getByRole('button', { name: 'Release' }));
    await waitFor(() => expect(screen.queryByRole('note', { name: 'Legal holds' })).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Complete: erase the customer' }));
    await waitFor(() => expect(rowOf(table, 'PR-erase-0001').textContent).toContain('completed'));
    expect(fake.calls.filter((c) => c.channel === 'privacy.complete')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Refuse' })).toBeNull();
    // The export read before the erasure went with it.
    expect(screen.queryByRole('region', { name: /^Export for / })).toBeNull();
  });

  it('a reason too short is refused in place and nothing is sent', async () => {
    const { user, table, fake } = await workspace();
    await user.click(within(table).getByRole('button', { name: 'PR-access-0002' }));
    await user.click(screen.getByRole('button', { name: 'Extend deadline' }));
    await user.type(screen.getByLabelText('Reason'), 'no');
    await user.click(screen.getByRole('button', { name: 'Extend' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Reason: /);
    expect(fake.calls.some((c) => c.channel === 'privacy.extend')).toBe(false);
  });

  it('the export shows every table and the access history as text, and downloads JSON and HTML', async () => {
    const { user, table } = await workspace();
    await user.click(within(table).getByRole('button', { name: 'PR-access-0002' }));
    await user.click(screen.getByRole('button', { name: 'Export data' }));
    const exported = await screen.findByRole('region', { name: 'Export for CUS-000002' });
    expect(within(exported).getByRole('table', { name: 'notes' }).textContent).toContain(HOSTILE_NOTE);
    expect(within(exported).getByRole('table', { name: 'Access history' }).textContent).toContain('staff-3f9a');
    expect(document.querySelector('img')).toBeNull();
    const downloads: { name: string; type: string }[] = [];
    let blob: Blob | null = null;
    URL.createObjectURL = (b: Blob) => { blob = b; return 'blob:export'; };
    URL.revokeObjectURL = () => undefined;
    // jsdom does not download: the click records what the desk handed over.
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (blob !== null) downloads.push({ name: this.download, type: blob.type });
    });
    try {
      await user.click(within(exported).getByRole('button', { name: 'Download JSON' }));
      await user.click(within(exported).getByRole('button', { name: 'Download readable HTML' }));
    } finally {
      click.mockRestore();
    }
    expect(downloads.map((d) => [d.name, d.type])).toEqual([
      ['privacy-export-PR-access-0002.json', 'application/json'],
      ['privacy-export-PR-access-0002.html', 'text/html'],
    ]);
  });
});
