/**
 * HTTP plumbing shared by the simulator's routes: replies, bodies and CORS.
 * Route handlers return a {@link Reply}; only `send` writes it, so a fault can act on it first.
 * @module
 */

/** Largest request body accepted, in bytes (bigger ones get `413 payload_too_large`). */
export const BODY_LIMIT = 16 * 1024;

const ALLOW_HEADERS = 'Content-Type, Idempotency-Key, If-None-Match, Last-Event-ID, Authorization';
const EXPOSE_HEADERS = 'ETag, Retry-After, Saleday-Poll-Interval, Saleday-Edge-Time';

/** Default error code and message per status (a fault with a bare status uses them too). */
export const ERRORS = {
  400: ['invalid_request', 'The request is not valid.'],
  404: ['not_found', 'Nothing here.'],
  405: ['method_not_allowed', 'This method is not allowed here.'],
  413: ['payload_too_large', `The body is larger than ${BODY_LIMIT} bytes.`],
  429: ['rate_limited', 'Too many requests, slow down.'],
  500: ['internal', 'Something went wrong.'],
  503: ['unavailable', 'The service is busy, try again shortly.'],
};

/**
 * A response to write: `body` objects go out as JSON, strings verbatim, nothing for 204/304.
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string | number> }} Reply
 */

/** Thrown by validators; answered as `400 invalid_request` with its message. */
export class Invalid extends Error {}

/**
 * Builds a contract error reply `{ error, message, serverTime, ...extra }`.
 * @param {number} status
 * @param {string} code
 * @param {number} serverTime epoch ms on the world's clock
 * @param {string} [message]
 * @param {Record<string, unknown>} [extra] more body fields (e.g. `loginUrl`)
 * @param {Record<string, string | number>} [headers]
 * @returns {Reply}
 */
export function errorReply(status, code, serverTime, message, extra = {}, headers = {}) {
  const text = message || ERRORS[status]?.[1] || code.replace(/_/g, ' ');
  return { status, body: { error: code, message: text, ...extra, serverTime }, headers };
}

/**
 * Writes a reply (merging headers already set on `res`, e.g. CORS).
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 */
export function send(res, { status, body, headers = {} }) {
  if (res.headersSent || res.destroyed) return;
  const empty = status === 204 || status === 304 || body === undefined;
  const text = empty ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  // Headers a fault set on `res` already win over these defaults.
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  if (!empty && !res.hasHeader('Content-Type')) {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
  }
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * Reads a request body as text, never more than {@link BODY_LIMIT} bytes.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ text: string, tooLarge: boolean }>}
 */
export function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > BODY_LIMIT }),
    );
    req.on('error', () => resolve({ text: '', tooLarge: false }));
  });
}

/**
 * Parses a JSON body; throws {@link Invalid} when it is not JSON.
 * @param {string} text
 * @returns {unknown}
 */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Invalid('The body is not valid JSON.');
  }
}

/**
 * Sets the CORS headers on `res` when the request's `Origin` is allowed (reflected, never `*`).
 * A disallowed origin gets no CORS headers at all.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {'*' | string[]} allowedOrigins
 * @returns {boolean} whether CORS headers were set
 */
export function applyCors(req, res, allowedOrigins) {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (!origin || (allowedOrigins !== '*' && !allowedOrigins.includes(origin))) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  return true;
}

/**
 * Answers a CORS preflight (`OPTIONS`) with 204; the allow headers only for an allowed origin.
 * @param {import('node:http').ServerResponse} res
 * @param {boolean} allowed result of {@link applyCors}
 * @param {string} methods e.g. `GET, POST`
 */
export function preflight(res, allowed, methods) {
  const headers = allowed
    ? {
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
      }
    : {};
  res.writeHead(204, headers).end();
}
