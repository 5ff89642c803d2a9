// @vitest-environment jsdom
// "Sign in with your company account" on the sign-in page, against the
// in-memory window.agent built from the contract: shown only when the gateway
// offers a provider, a clear state while the browser is open, cancel, and the
// message that says what to do.
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../shared/errors.ts';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

const PROVIDERS = () => ok({ providers: [{ id: 'corp', label: 'Example Corp' }] });

it('offers no company sign-in when the gateway has no provider', async () => {
  const fake = createFakeAgent();
  render(<App agent={fake.agent} />);
  await screen.findByRole('heading', { name: 'Sign in to Sentinel Desk' });
  await expect.poll(() => fake.calls.some((c) => c.channel === 'session.ssoProviders')).toBe(true);
  expect(screen.queryByRole('button', { name: 'Sign in with your company account' })).toBeNull();
});

it('shows that the browser is open, keeps the password form out of the way, and cancels', async () => {
  let finish: (result: Result<unknown>) => void = () => undefined;
  const fake = createFakeAgent({
    handlers: {
      'session.ssoProviders': PROVIDERS,
      'session.ssoSignIn': () =>
        new Promise<Result<unknown>>((resolve) => {
          finish = resolve;
        }),
      'session.ssoCancel': () => {
        finish(fail('sso_rejected', 'Sign-in cancelled'));
        return ok({});
      },
    },
  });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.click(await screen.findByRole('button', { name: 'Sign in with your company account' }));
  await screen.findByRole('heading', { name: 'Finish signing in in your browser' });
  expect(screen.getByRole('status').textContent).toContain('Example Corp sign-in page opened in your web browser');
  expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Signing in…' }).disabled).toBe(true);

  await user.click(screen.getByRole('button', { name: 'Cancel' }));
  expect((await screen.findByRole('alert')).textContent).toBe('Sign-in cancelled');
  expect(screen.getByRole('button', { name: 'Sign in with your company account' })).toBeDefined();
  expect(fake.calls.map((c) => c.channel)).toContain('session.ssoCancel');
});

it('sends the one-time code typed in the form, and shows what the gateway asks for', async () => {
  const fake = createFakeAgent({
    handlers: {
      'session.ssoProviders': PROVIDERS,
      'session.ssoSignIn': () => fail('mfa_required', 'Your company sign-in did not confirm a second factor: enter the one-time code and sign in again'),
    },
  });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.type(await screen.findByLabelText('One-time code'), '123456');
  await user.click(await screen.findByRole('button', { name: 'Sign in with your company account' }));
  expect((await screen.findByRole('alert')).textContent).toMatch(/enter the one-time code/);
  expect(fake.calls.find((c) => c.channel === 'session.ssoSignIn')?.request).toEqual({ provider: 'corp', otp: '123456' });
});
