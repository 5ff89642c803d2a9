// Browser build of the in-memory window.agent, for looking at the renderer in
// real Chromium without Electron. The URL picks who is signed in and what the
// OS can do: ?as=agent.ana|agent.ben|sup.sara|new.nia|adm.ada|priv.pia&capture=protected|unsupported&policy=require|warn,
// and `&training=due` puts the training gate (fake-training.ts) in front of the desk;
// `&wrapup=required` makes each contact end with a wrap-up code (fake-wrapup.ts).
// The privacy channels answer as fake-privacy.ts does.
import '../../../renderer/src/zod-jitless.ts';
import { adminHandlers, fakeDirectory } from './fake-admin.ts';
import { createFakeAgent } from './fake-agent.ts';
import { fakePrivacy } from './fake-privacy.ts';
import { fakeTraining } from './fake-training.ts';
import { fakeWrapup } from './fake-wrapup.ts';

const params = new URLSearchParams(location.search);
const as = params.get('as');
const known = as === 'agent.ana' || as === 'agent.ben' || as === 'sup.sara' || as === 'new.nia' || as === 'adm.ada' || as === 'priv.pia';
const training = params.get('training') === 'due' ? fakeTraining().handlers : {};
const wrapup = params.get('wrapup') === 'required' ? fakeWrapup().handlers : {};
const fake = createFakeAgent({ ...(known ? { signedInAs: as } : {}), handlers: { ...adminHandlers(fakeDirectory()), ...fakePrivacy().handlers, ...training, ...wrapup } });
const protectedCapture = params.get('capture') === 'protected';
const requirePolicy = params.get('policy') === 'require';
fake.appStatus = {
  ...fake.appStatus,
  captureProtection: protectedCapture ? 'protected' : 'unsupported',
  sensitiveViewsAllowed: protectedCapture || !requirePolicy,
  policy: { ...fake.appStatus.policy, captureProtection: requirePolicy ? 'require' : 'warn' },
};
Object.defineProperty(window, 'agent', { value: fake.agent });
Object.defineProperty(window, '__fake', { value: fake });
