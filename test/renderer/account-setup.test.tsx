// @vitest-environment jsdom
// The first sign-in views against the in-memory window.agent built from the
// contract: the password rules up front, checks before sending, the gateway's
// refusal in place, keyboard only; then the authenticator QR, decoded back.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, FAKE_ONE_TIME_PASSWORD, FAKE_OTP, FAKE_OTPAUTH_URI } from '../harness/desk/fake-agent.ts';
import { jsQR } from '../harness/browser/jsqr.ts';

afterEach(cleanup);

const NEW_PASSWORD = 'Quiet lantern over the bay 42';

async function newcomerDesk() {
  const fake = createFakeAgent({ signedInAs: 'new.nia' });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await screen.findByRole('heading', { name: 'Choose a new password' });
  return { fake, user };
}

/** Rasterises the SVG's module squares (4 px each) into RGBA, as a camera would see the screen. */
function decodeQr(svg: SVGSVGElement): string | null {
  const [, , w] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
  const extent = w ?? 0;
  const scale = 4;
  const size = extent * scale;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const rect of svg.querySelectorAll('rect')) {
    if (rect.getAttribute('fill') !== '#000000') continue;
    const x = Number(rect.getAttribute('x'));
    const y = Number(rect.getAttribute('y'));
    for (let dy = 0; dy < scale; dy += 1) {
      for (let dx = 0; dx < scale; dx += 1) {
        const at = ((y * scale + dy) * size + (x * scale + dx)) * 4;
        pixels[at] = 0;
        pixels[at + 1] = 0;
        pixels[at + 2] = 0;
      }
    }
  }
  const found = jsQR(pixels, size, size);
  return found === null ? null : found.data;
}

describe('choose a new password', () => {
  it('explains the rules up front and puts the focus on the one-time password', async () => {
    await newcomerDesk();
    const rules = screen.getByRole('list', { name: 'Password rules' }).textContent;
    expect(rules).toContain('at least 12 characters');
    expect(rules).toContain('not be a common password');
    expect(rules).toContain('not contain your name');
    expect(rules).toContain('not be one of your last 4 passwords');
    expect(document.activeElement?.id).toBe('setup-current');
  });

  it('checks length and the repeat before sending anything, and reaches no other view meanwhile', async () => {
    const { fake, user } = await newcomerDesk();
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Find a customer' })).toBeNull();
    await user.type(screen.getByLabelText('One-time password'), FAKE_ONE_TIME_PASSWORD);
    await user.type(screen.getByLabelText('New password'), 'short-one');
    await user.type(screen.getByLabelText('Repeat the new password'), 'short-one{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('The new password needs at least 12 characters.');
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), NEW_PASSWORD);
    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('Repeat the new password'), `${NEW_PASSWORD}x{Enter}`);
    expect((await screen.findByRole('alert')).textContent).toBe('The two new passwords are not the same.');
    expect(fake.calls.some((c) => c.channel === 'account.changePassword')).toBe(false);
  });

  it('shows the gateway’s password_rejected message in place, then goes on with Enter only', async () => {
    const { fake, user } = await newcomerDesk();
    await user.keyboard(FAKE_ONE_TIME_PASSWORD);
    await user.tab();
    await user.keyboard('nia-newcomer-2026');
    await user.tab();
    await user.keyboard('nia-newcomer-2026{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('The password must not contain your name or username');
    expect(screen.getByRole('heading', { name: 'Choose a new password' })).toBeTruthy();
    await user.click(screen.getByLabelText('New password'));
    await user.keyboard(NEW_PASSWORD);
    await user.tab();
    await user.keyboard(`${NEW_PASSWORD}{Enter}`);
    expect(await screen.findByRole('heading', { name: 'Set up your authenticator' })).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'account.changePassword')).toHaveLength(2);
  });
});

describe('set up your authenticator', () => {
  async function atMfa() {
    const desk = await newcomerDesk();
    desk.fake.setSession({ status: 'active', user: { userId: 'u-new-nia', username: 'new.nia', displayName: 'Nia Newcomer', roles: ['agent'], mfaEnabled: false, pendingSetup: ['mfa_enrolment'] }, since: new Date().toISOString() });
    await screen.findByRole('heading', { name: 'Set up your authenticator' });
    return desk;
  }

  it('draws a QR code that decodes to the exact otpauth URI, and the key in groups of 4', async () => {
    await atMfa();
    const svg = await screen.findByRole('img', { name: 'QR code for your authenticator app' });
    expect(svg.innerHTML).not.toContain('<image');
    expect(decodeQr(svg as unknown as SVGSVGElement)).toBe(FAKE_OTPAUTH_URI);
    expect(screen.getByLabelText('Key for manual entry').textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });

  it('takes digits only, refuses a wrong code in place, and finishes with the right one', async () => {
    const { user } = await atMfa();
    await screen.findByRole('img', { name: 'QR code for your authenticator app' });
    expect(document.activeElement?.id).toBe('setup-code');
    await user.keyboard('12ab34');
    expect(screen.getByLabelText<HTMLInputElement>('6-digit code').value).toBe('1234');
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('The code has 6 digits.');
    await user.keyboard('000000{Enter}');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('That code is not the one your app shows now'));
    await user.keyboard(`${FAKE_OTP}{Enter}`);
    expect(await screen.findByRole('heading', { name: 'Find a customer' })).toBeTruthy();
  });
});

describe('sign-in enrolment', () => {
  it('enrols a new desk with everything typed once: the code as read over the phone, nothing cleared by the refusal', async () => {
    const fake = createFakeAgent({
      handlers: {
        'session.login': ((request: { enrolmentCode?: string }) =>
          request.enrolmentCode === 'ABCDE-FGHJK-MNPQR-STUVW'
            ? { ok: false, error: { code: 'device_revoked', message: 'x' } }
            : { ok: false, error: { code: 'enrolment_required', message: 'This desk is not enrolled yet' } }) as never,
      },
    });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery{Enter}');
    // The refusal keeps the password and sends the person to the code, which is all that is left to type.
    await waitFor(() => expect(document.activeElement?.id).toBe('enrolment-code'));
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('correct-horse-battery');
    await user.keyboard('abcde fghjk mnpqr stuvw{Enter}');
    expect(await screen.findByText('This desk was revoked by IT. Ask IT to enrol it again.')).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'session.login').map((c) => (c.request as { enrolmentCode?: string }).enrolmentCode)).toEqual([
      undefined,
      'ABCDE-FGHJK-MNPQR-STUVW',
    ]);
  });

  it('takes the code before any refusal when the agent says the desk is new, and never shows a field path', async () => {
    const user = userEvent.setup();
    const fake = createFakeAgent();
    render(<App agent={fake.agent} />);
    await user.click(await screen.findByRole('button', { name: 'New desk? Enter its enrolment code' }));
    await waitFor(() => expect(document.activeElement?.id).toBe('enrolment-code'));
    // Main's own check refuses the malformed code before the gateway hears of it.
    await user.keyboard('not a code!');
    await user.type(screen.getByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('An enrolment code has letters, digits and - only');
  });

  it('asks for the enrolment code after enrolment_required and sends it; a policy-enrolled desk never asks', async () => {
    let asked = 0;
    const fake = createFakeAgent({
      handlers: {
        'session.login': ((request: { enrolmentCode?: string }) => {
          asked += 1;
          return request.enrolmentCode === undefined
            ? { ok: false, error: { code: 'enrolment_required', message: 'This desk is not enrolled yet' } }
            : { ok: false, error: { code: 'device_revoked', message: 'x' } };
        }) as never,
      },
    });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    expect(screen.queryByLabelText('Enrolment code')).toBeNull();
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery{Enter}');
    await user.type(await screen.findByLabelText('Enrolment code'), 'ABCD-1234-EFGH');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery{Enter}');
    expect(await screen.findByText('This desk was revoked by IT. Ask IT to enrol it again.')).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'session.login').map((c) => (c.request as { enrolmentCode?: string }).enrolmentCode)).toEqual([undefined, 'ABCD-1234-EFGH']);
    expect(asked).toBe(2);
    cleanup();

    const managed = createFakeAgent({ handlers: { 'session.login': (() => ({ ok: false, error: { code: 'enrolment_required', message: 'This desk is not enrolled yet' } })) as never } });
    managed.appStatus = { ...managed.appStatus, policy: { ...managed.appStatus.policy, enrolsByPolicy: true } };
    render(<App agent={managed.agent} />);
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery{Enter}');
    await screen.findByRole('alert');
    expect(screen.queryByLabelText('Enrolment code')).toBeNull();
  });
});
