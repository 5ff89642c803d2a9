// `npm run release -- COMMAND`: IT's release flow over a TUF repository
// folder. Keys are read from the files named on the command line and never
// written into the repository.
import { parseArgs } from 'node:util';
import { generateKeyFile, KeyFileError, publicKeyFile, signerFile } from './key-files.ts';
import { openReleaseRepository, ReleaseError, type RoleKeys } from './release-repository.ts';

export const RELEASE_USAGE = `usage: npm run release -- COMMAND [--repo DIR] (DIR defaults to ./release-repository)
  keygen --out FILE                        a new Ed25519 key file (0600); keep root keys offline
  init --root-key F... [--root-threshold N] --targets-key F... [--targets-threshold N]
       --snapshot-key F --timestamp-key F  a new repository (public or private key files)
  add BUILD --version X.Y.Z [--name NAME] [--released-at ISO]
                                           stage a build as a target
  sign root|targets --key FILE             add a signature to the staged metadata
  rotate root|targets|snapshot|timestamp --key F... [--threshold N]
                                           stage a root that replaces a role's keys
  publish --snapshot-key F --timestamp-key F
                                           publish what is staged and signed`;

const ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;

export interface ReleaseCommandResult {
  readonly code: 0 | 1 | 2;
  readonly output: string;
}

export function runReleaseCommand(args: readonly string[], now: () => number = Date.now): ReleaseCommandResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        repo: { type: 'string', default: 'release-repository' },
        out: { type: 'string' },
        key: { type: 'string', multiple: true },
        'root-key': { type: 'string', multiple: true },
        'root-threshold': { type: 'string', default: '1' },
        'targets-key': { type: 'string', multiple: true },
        'targets-threshold': { type: 'string', default: '1' },
        'snapshot-key': { type: 'string' },
        'timestamp-key': { type: 'string' },
        threshold: { type: 'string', default: '1' },
        version: { type: 'string' },
        name: { type: 'string' },
        'released-at': { type: 'string' },
      },
    });
  } catch (error) {
    return { code: 2, output: `${(error as Error).message}\n${RELEASE_USAGE}` };
  }
  const { values, positionals } = parsed;
  const [command, argument] = positionals;
  const usage = (why: string): ReleaseCommandResult => ({ code: 2, output: `${why}\n${RELEASE_USAGE}` });
  const required = (value: string | undefined, flag: string): string => {
    if (value === undefined) throw new UsageError(`${command ?? ''}: ${flag} is required`);
    return value;
  };
  const roleKeys = (files: string[] | undefined, threshold: string, flag: string): RoleKeys => {
    if (files === undefined || files.length === 0) throw new UsageError(`${command ?? ''}: ${flag} is required`);
    return { keys: files.map(publicKeyFile), threshold: Number(threshold) };
  };
  try {
    const repo = openReleaseRepository(values.repo, now);
    switch (command) {
      case 'keygen':
        return { code: 0, output: `wrote ${required(values.out, '--out')} (key ${generateKeyFile(required(values.out, '--out')).slice(0, 12)}…)` };
      case 'init':
        repo.init({
          root: roleKeys(values['root-key'], values['root-threshold'], '--root-key'),
          targets: roleKeys(values['targets-key'], values['targets-threshold'], '--targets-key'),
          snapshot: roleKeys([required(values['snapshot-key'], '--snapshot-key')], '1', '--snapshot-key'),
          timestamp: roleKeys([required(values['timestamp-key'], '--timestamp-key')], '1', '--timestamp-key'),
        });
        return { code: 0, output: `initialised ${values.repo}: sign root with its keys, then add builds` };
      case 'add': {
        if (argument === undefined) return usage('add: BUILD is required');
        const added = repo.add(argument, {
          version: required(values.version, '--version'),
          releasedAt: values['released-at'] ?? new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ...(values.name === undefined ? {} : { name: values.name }),
        });
        return { code: 0, output: `staged ${added.name} (${added.length} bytes, sha256 ${added.sha256}): sign targets, then publish` };
      }
      case 'sign': {
        if (argument !== 'root' && argument !== 'targets') return usage('sign: ROLE is root or targets (snapshot and timestamp are signed at publish)');
        const keys = values.key ?? [];
        if (keys.length === 0) return usage('sign: --key is required');
        const lines = keys.map((file) => {
          const signed = repo.sign(argument, signerFile(file));
          return `signed ${argument} with ${signed.keyId.slice(0, 12)}… (${signed.signatures} signatures, threshold ${signed.threshold})`;
        });
        return { code: 0, output: lines.join('\n') };
      }
      case 'rotate': {
        const role = ROLES.find((name) => name === argument);
        if (role === undefined) return usage('rotate: ROLE is root, targets, snapshot or timestamp');
        const version = repo.rotate(role, roleKeys(values.key, values.threshold, '--key'));
        return { code: 0, output: `staged root ${version} with new ${role} keys: sign root with the old root keys and the new ones, then publish` };
      }
      case 'publish': {
        const published = repo.publish({
          snapshot: signerFile(required(values['snapshot-key'], '--snapshot-key')),
          timestamp: signerFile(required(values['timestamp-key'], '--timestamp-key')),
        });
        return { code: 0, output: `published ${repo.publishedDir}: root ${published.root}, targets ${published.targets}, snapshot ${published.snapshot}, timestamp ${published.timestamp}` };
      }
      default:
        return usage(command === undefined ? 'a command is required' : `unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof ReleaseError || error instanceof KeyFileError) return { code: 1, output: `refused: ${error.message}` };
    throw error;
  }
}

class UsageError extends Error {}
