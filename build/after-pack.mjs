// @ts-check
// electron-builder afterPack hook: flips Electron's fuses in the packaged
// binary before it is signed. strictlyRequireAllFuses makes a future Electron
// with a new fuse fail the build until someone decides that fuse's value.
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { join } from 'node:path';

/** @type {import('@electron/fuses').FuseV1Config} */
export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Not named by the design; the defaults that keep Electron's behaviour.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** @param {{ appOutDir: string, electronPlatformName: string, arch: number, packager: { appInfo: { productFilename: string }, executableName?: string } }} context */
export default async function afterPack(context) {
  const name = context.packager.appInfo.productFilename;
  const binary =
    context.electronPlatformName === 'darwin'
      ? join(context.appOutDir, `${name}.app`)
      : context.electronPlatformName === 'win32'
        ? join(context.appOutDir, `${name}.exe`)
        : join(context.appOutDir, context.packager.executableName ?? name);
  // arm64 macOS binaries carry an ad-hoc signature that flipping invalidates; the real signing step follows.
  await flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3 });
}
