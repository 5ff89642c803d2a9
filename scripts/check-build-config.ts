// Part of `npm run check`: electron-builder.yml must carry what makes update
// installs verifiable. electron-updater skips the Windows signature check of a
// downloaded update when publisherName is missing, so it is required here,
// with the signing settings of each platform.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Node = Record<string, unknown> | undefined;
const objectAt = (value: unknown): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
const filled = (value: unknown): boolean =>
  (typeof value === 'string' && value.trim() !== '') || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.trim() !== ''));

/** What is missing from the packaging config; empty when it is complete. */
export function buildConfigProblems(yamlText: string): string[] {
  const config = objectAt(parse(yamlText) as unknown) ?? {};
  const win = objectAt(config.win);
  const signtool = objectAt(win?.signtoolOptions);
  const mac = objectAt(config.mac);
  const problems: string[] = [];
  if (!filled(signtool?.publisherName)) problems.push('win.signtoolOptions.publisherName: the subject name of the code-signing certificate (without it electron-updater installs unsigned Windows updates)');
  if (win?.verifyUpdateCodeSignature === false) problems.push('win.verifyUpdateCodeSignature must not be false');
  const hashes = signtool?.signingHashAlgorithms;
  if (!Array.isArray(hashes) || hashes.length !== 1 || hashes[0] !== 'sha256') problems.push('win.signtoolOptions.signingHashAlgorithms: [sha256] only (no SHA-1 signatures)');
  if (!filled(signtool?.rfc3161TimeStampServer)) problems.push('win.signtoolOptions.rfc3161TimeStampServer: a timestamp server, so signatures outlive the certificate');
  if (mac?.hardenedRuntime !== true) problems.push('mac.hardenedRuntime: true');
  if (mac?.notarize !== true) problems.push('mac.notarize: true');
  if (mac?.gatekeeperAssess === true) problems.push('mac.gatekeeperAssess must not be true');
  return problems;
}

if (import.meta.filename === process.argv[1]) {
  const file = join(import.meta.dirname, '..', 'electron-builder.yml');
  const problems = buildConfigProblems(readFileSync(file, 'utf8'));
  for (const problem of problems) process.stderr.write(`electron-builder.yml: ${problem}\n`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
