// Runs a fast-check property at the project's minimum of 10,000 cases and proves
// that many really ran (a filter or pre-condition could otherwise thin them out).
import fc from 'fast-check';
import { expect } from 'vitest';

export const PROPERTY_RUNS = 10_000;

export function assertProperty<Ts>(property: fc.IProperty<Ts>): void {
  const details = fc.check(property, { numRuns: PROPERTY_RUNS });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
  expect(details.numRuns).toBeGreaterThanOrEqual(PROPERTY_RUNS);
}

/** The same minimum for a property that awaits (a real database, a real server). */
export async function assertAsyncProperty<Ts>(property: fc.IAsyncProperty<Ts>): Promise<void> {
  const details = await fc.check(property, { numRuns: PROPERTY_RUNS });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
  expect(details.numRuns).toBeGreaterThanOrEqual(PROPERTY_RUNS);
}
