// What an agent sees when the gateway refuses customer data because this desk
// runs a version below the policy's minimum (issue 28): which version, why, and
// that the desk is updating; signing in and syncing the audit trail go on.
export function UpdateRequired({ message }: { message: string }) {
  return (
    <main className="card update-required" aria-labelledby="update-required-title">
      <h1 id="update-required-title">This desk must update before it can show customers</h1>
      <p role="alert">{message}</p>
      <p>The update is verified and installed automatically; the desk restarts on the new version when you quit it.</p>
      <p className="hint">Your sign-in stays valid and your work record keeps syncing, so nothing is lost meanwhile.</p>
    </main>
  );
}
