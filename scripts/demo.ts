// `npm run demo`: with the Electron binary, the reference gateway with demo data
// on 127.0.0.1:8787 and the desk against it (a development build, pointed there
// by a policy file). Without it, the same desk in the browser: the preview with
// an agent desk and a supervisor desk, so the command shows the product on
// every machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogKeyAnswerSchema } from '../shared/schemas/transparency.ts';
import { ELECTRON_MISSING_FIX, electronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');
const PORT = 8787;
const binary = electronBinary(root);
/** --sso: a demo company identity provider beside the gateway; the preview serves it (its provider is a test fixture). */
const sso = process.argv.includes('--sso');

if (binary === null || sso) {
  if (sso) process.stdout.write('demo: --sso: serving the desk in the browser (the preview) with a demo company sign-in provider.\n');
  else process.stdout.write(`demo: ${ELECTRON_MISSING_FIX}.\ndemo: serving the real desk in the browser instead (the preview: production renderer and CSP, main's real services, the bridge in place of Electron's IPC).\n`);
  // The preview's own options (--sso, --data DIR, --gateway URL) pass through.
  const preview = spawn(process.execPath, [join(root, 'dev', 'preview', 'preview.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  preview.on('exit', (code) => process.exit(code ?? 0));
  // The preview stops itself on Ctrl-C (it shares the terminal); keep demo alive until it has.
  process.on('SIGINT', () => undefined);
  process.once('SIGTERM', () => preview.kill('SIGTERM'));
} else {
  const policyDir = mkdtempSync(join(tmpdir(), 'sentinel-demo-policy-'));
  const policyFile = join(policyDir, 'policy.json');
  // The gateway issues the demo desk's policy enrolment token as it seeds, and leaves it here for the policy.
  const tokenFile = join(policyDir, 'enrolment-token');
  const gateway = spawn(process.execPath, [join(root, 'server', 'index.ts'), '--seed-demo', '--port', String(PORT), '--enrolment-token-file', tokenFile], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = (): void => {
    gateway.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const build = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  build.on('exit', (code) => {
    if (code !== 0) {
      process.stderr.write('demo: the build failed\n');
      stop();
      return;
    }
    if (!existsSync(tokenFile)) {
      process.stderr.write('demo: the gateway did not issue the desk enrolment token (see its output above)\n');
      stop();
      return;
    }
    const enrolmentToken = readFileSync(tokenFile, 'utf8').trim();
    // The desk pins the demo gateway's transparency log key, as IT pins a production gateway's in the managed policy.
    void fetch(`http://127.0.0.1:${PORT}/.well-known/sentinel-audit-log`)
      .then(async (answer) => LogKeyAnswerSchema.parse(await answer.json()))
      .then(
        (auditLog) => {
          const policy = { serverUrl: `http://127.0.0.1:${PORT}`, captureProtection: 'warn', idleLockMinutes: 15, enrolmentToken, auditLog };
          writeFileSync(policyFile, JSON.stringify(policy), { mode: 0o600 });
          const desk = spawn(binary, [root, `--policy=${policyFile}`], { cwd: root, stdio: 'inherit' });
          desk.on('exit', stop);
        },
        () => {
          process.stderr.write('demo: the gateway did not publish its transparency log key\n');
          stop();
        },
      );
  });
}
