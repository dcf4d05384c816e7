/**
 * Every failure the SDK reports is a {@link SaledayError} with a machine-readable `code`.
 * @module
 */

/**
 * Machine-readable error codes. The contract's own codes (`sold_out`, `not_started`, `ended`,
 * `limit_exceeded`, `auth_required`, `rate_limited`, `unavailable`, `not_found`, ...) come through
 * unchanged; the client adds `invalid_response`, `network`, `timeout`, `aborted` and `http_error`.
 */
export type SaledayErrorCode =
  | 'invalid_response'
  | 'invalid_config'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'http_error'
  | 'not_found'
  | 'invalid_request'
  | 'sold_out'
  | 'not_started'
  | 'ended'
  | 'limit_exceeded'
  | 'auth_required'
  | 'rate_limited'
  | 'unavailable'
  | 'order_failed'
  | (string & {});

/** Extra facts an error may carry. */
export interface SaledayErrorOptions {
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** How long the server asked us to wait before trying again, in milliseconds. */
  retryAfter?: number;
  /** Where to sign in (`auth_required`). */
  loginUrl?: string;
  cause?: unknown;
}

/**
 * An error from the Saleday SDK: a bad answer from the API, a network fault, a refusal by the
 * server, or a wrong configuration.
 * @example
 * ```ts
 * try { await client.placeOrder(request) } catch (error) {
 *   if (isSaledayError(error) && error.code === 'sold_out') showSoldOut()
 * }
 * ```
 */
export class SaledayError extends Error {
  override name = 'SaledayError';
  /** Machine-readable code, such as `sold_out` or `invalid_response`. */
  readonly code: SaledayErrorCode;
  readonly status?: number;
  readonly retryAfter?: number;
  readonly loginUrl?: string;

  constructor(code: SaledayErrorCode, message: string, options: SaledayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.loginUrl = options.loginUrl;
  }
}

/** Whether `error` is a {@link SaledayError} (also one thrown by another copy of the SDK). */
export const isSaledayError = (error: unknown): error is SaledayError =>
  error instanceof SaledayError || (error as Error | null)?.name === 'SaledayError';

/** Wraps anything thrown into a {@link SaledayError}, keeping the original as `cause`. */
export const toSaledayError = (error: unknown): SaledayError =>
  isSaledayError(error)
    ? error
    : new SaledayError('network', (error as Error | null)?.message || String(error), {
        cause: error,
      });
