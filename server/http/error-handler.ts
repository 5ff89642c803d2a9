// Turns every failure into the shared error body. Messages are fixed texts:
// parser errors can quote the request body, so they are never passed through.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody, ErrorCode } from '../../shared/errors.ts';
import { GatewayError } from '../errors.ts';

const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['invalid_request', 'Send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request', 'The Content-Length header does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_request', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_request', 'The request body is not valid JSON'],
};

/**
 * The database did not answer (refused or dropped the connection, shut down, failed over): a retryable
 * 503, not a 500. PostgreSQL classes 08 (connection) and 57P (operator intervention), its "not accepting
 * connections" (55000 at connect), and the socket errors of a server that is gone.
 */
const DATABASE_GONE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '55000', '53300']);
const PG_CONNECTION_GONE = ['Connection terminated', 'Client has encountered a connection error', 'Client was closed and is not queryable'];
function databaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || DATABASE_GONE_CODES.has(code))) return true;
    // node-postgres names a dead connection only in its messages: the first failure, and every later query on that client.
    if (PG_CONNECTION_GONE.some((start) => current.message.startsWith(start))) return true;
  }
  return false;
}

export function sendError(reply: { code(status: number): unknown; header(name: string, value: string): unknown; send(body: unknown): unknown }, error: GatewayError): void {
  const body: ErrorBody & Record<string, unknown> = {
    ...error.extra,
    error:
      error.retryAfterSeconds === undefined
        ? { code: error.code, message: error.message }
        : { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds },
  };
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  reply.code(error.status);
  reply.send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof GatewayError) {
      // A 5xx names a failure of the gateway's own, kept only as the error's cause: the operator needs that cause.
      if (error.status >= 500) request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
      sendError(reply, error);
      return;
    }
    const known = FASTIFY_CODES[error.code];
    if (known !== undefined) {
      sendError(reply, new GatewayError(known[0], known[1]));
      return;
    }
    if (error.statusCode === 429) {
      sendError(reply, new GatewayError('rate_limited', 'Too many requests; wait a minute', { retryAfterSeconds: 60 }));
      return;
    }
    if (error instanceof SyntaxError || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
      sendError(reply, new GatewayError('invalid_request', 'The request could not be read'));
      return;
    }
    if (databaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      sendError(reply, new GatewayError('audit_unavailable', 'The gateway cannot reach its database; try again shortly', { retryAfterSeconds: 5 }));
      return;
    }
    request.log.error({ err: error }, 'unhandled error');
    sendError(reply, new GatewayError('internal', 'Something went wrong on the gateway; it has been logged'));
  });
  app.setNotFoundHandler((_request, reply) => {
    sendError(reply, new GatewayError('not_found', 'No such route'));
  });
}

