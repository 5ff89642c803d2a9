// Wrap-up test helpers: an admin's codes and templates set up through the real routes.
import { expect } from 'vitest';
import type { RunningGateway } from '../gateway/gateway.ts';

/** Creates each code through adminCreateWrapupCode and checks it was accepted. */
export async function createCodes(gw: RunningGateway, token: string, codes: readonly string[]): Promise<void> {
  for (const code of codes) {
    const answer = await gw.route('adminCreateWrapupCode', { token, body: { code, label: `Label of ${code}` } });
    expect(answer.status, answer.text).toBe(200);
  }
}
