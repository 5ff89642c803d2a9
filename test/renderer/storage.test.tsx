// @vitest-environment jsdom
// Walks every view and proves the renderer never touches web storage: any read
// of localStorage, sessionStorage, indexedDB or document.cookie is recorded.
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, FAKE_PASSWORD } from '../harness/desk/fake-agent.ts';

const touched: string[] = [];
beforeAll(() => {
  for (const name of ['localStorage', 'sessionStorage', 'indexedDB'] as const) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get() {
      touched.push('cookie');
      return '';
    },
    set() {
      touched.push('cookie');
    },
  });
});
afterAll(cleanup);

describe('no web storage', () => {
  it('is touched while signing in, searching all modes, opening a customer, locking, unlocking, supervising and signing out', async () => {
    const user = userEvent.setup();
    const fake = createFakeAgent();
    const { unmount } = render(<App agent={fake.agent} />);
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), FAKE_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(await screen.findByLabelText('Customer ID'), 'CUS-000001{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Order / transaction'), 'ORD-2026-0000010{Enter}');
    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(screen.getByLabelText('Card number'), '4111111111111111{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await user.type(await screen.findByLabelText('Password'), FAKE_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByLabelText('Username');
    unmount();

    const supervisor = createFakeAgent({ signedInAs: 'sup.sara' });
    render(<App agent={supervisor.agent} />);
    await screen.findByRole('heading', { name: 'Supervision' });
    await user.click(screen.getByRole('button', { name: 'Show' }));
    // The report's row, not the calls panel's (which may list the same agent on a call).
    await within(await screen.findByRole('table', { name: 'Activity report' })).findByText('agent.ana', { selector: 'td' });

    expect(touched).toEqual([]);
  });
});
