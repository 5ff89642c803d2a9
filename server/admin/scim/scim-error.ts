// The one error SCIM answers carry (RFC 7644 3.12): an HTTP status, a scimType
// where the RFC names one, and a fixed detail that never quotes the request.
import type { ScimError } from '../../../shared/schemas/scim.ts';
import { SCIM_SCHEMA } from '../../../shared/schemas/scim.ts';

export class ScimFailure extends Error {
  override readonly name = 'ScimFailure';
  readonly status: number;
  readonly scimType: ScimError['scimType'];
  constructor(status: number, detail: string, scimType?: ScimError['scimType']) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }
  body(): ScimError {
    return { schemas: [SCIM_SCHEMA.error], status: String(this.status), ...(this.scimType === undefined ? {} : { scimType: this.scimType }), detail: this.message };
  }
}
