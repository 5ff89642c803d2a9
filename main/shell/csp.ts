// The renderer's Content-Security-Policy (docs/security-model.md), sent as a header with
// every app:// response. Trusted Types are required: no string reaches a DOM
// sink unchecked.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types default',
].join('; ');
