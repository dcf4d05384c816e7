/**
 * Plain HTTP from Node for the kit: one request with a timeout, read whole; and a reader of a
 * Server-Sent Events stream that keeps every field it saw, so checks can judge the format.
 * @module
 */

/**
 * @typedef {{ status: number, headers: Headers, text: string, json: unknown,
 *   isJson: boolean }} Answer
 */

/**
 * Makes HTTP requests to one API base URL.
 * @param {{ api: string, origin: string, timeout: number, authorization?: string }} options
 *   `authorization`: sent as `Authorization` on every request, as the SDK's `headers` option does
 */
export function createHttp({ api, origin, timeout, authorization }) {
  const always = authorization
    ? { Origin: origin, Authorization: authorization }
    : { Origin: origin };
  const base = api.replace(/\/+$/, '');
  /** Every answer, for checks that look across the run (`serverTime`, `Retry-After`). */
  const seen = [];

  /**
   * @param {string} method
   * @param {string} path relative to the API base, starting with `/`
   * @param {{ headers?: Record<string, string>, body?: string }} [init]
   * @param {{ retry?: boolean }} [how] `retry` (default): wait out a 429/503 with a short
   *   `Retry-After` and ask again, twice at most, so a rate limit does not fail other checks
   * @returns {Promise<Answer>}
   */
  async function request(method, path, init = {}, { retry = true } = {}) {
    for (let attempt = 0; ; attempt++) {
      const answer = await once(method, path, init);
      const header = answer.headers.get('Retry-After');
      const wait = header === null ? NaN : Number(header);
      const limited = answer.status === 429 || answer.status === 503;
      if (!retry || !limited || attempt >= 2 || !(wait >= 0 && wait <= 5)) return answer;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    }
  }

  async function once(method, path, init) {
    const headers = { ...always, ...init.headers };
    const sentAt = Date.now();
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(timeout),
        redirect: 'manual',
      });
    } catch (error) {
      const why = error?.name === 'TimeoutError' ? `no answer within ${timeout} ms` : error.message;
      throw new NetworkError(
        `${method} ${path}: ${why}${error.cause ? ` (${error.cause.message ?? error.cause})` : ''}`,
      );
    }
    const text = await response.text();
    let json;
    let isJson = false;
    try {
      json = JSON.parse(text);
      isJson = true;
    } catch {
      // Not JSON: left to the check.
    }
    const answer = { status: response.status, headers: response.headers, text, json, isJson };
    seen.push({ method, path, sentAt, receivedAt: Date.now(), ...answer });
    return answer;
  }

  /**
   * Opens the event stream at `path`; events are read in the background until `close()`.
   * @param {string} path
   * @param {Record<string, string>} [headers]
   */
  async function stream(path, headers = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    let response;
    try {
      response = await fetch(base + path, {
        headers: { ...always, Accept: 'text/event-stream', ...headers },
        signal: controller.signal,
      });
    } catch (error) {
      throw new NetworkError(
        `GET ${path}: ${error.name === 'AbortError' ? `no answer within ${timeout} ms` : error.message}`,
      );
    } finally {
      clearTimeout(timer);
    }
    return new EventReader(response, controller);
  }

  return { base, request, stream, seen };
}

/** The server could not be reached or did not answer in time. */
export class NetworkError extends Error {
  name = 'NetworkError';
}

/**
 * Reads a `text/event-stream` response as the SSE spec parses it (fields `id`, `event`, `data`,
 * `retry`; `:` comments), keeping for each event whether it carried an `id:` line.
 */
class EventReader {
  /** @type {{ id: string | undefined, hasId: boolean, event: string, data: string }[]} */
  events = [];
  /** The `retry:` field sent before the first event, if any. */
  retry = undefined;
  ended = false;
  #waiters = new Set();

  constructor(response, controller) {
    this.status = response.status;
    this.headers = response.headers;
    this.controller = controller;
    if (response.status === 200 && response.body) void this.#read(response.body);
    else {
      this.ended = true;
      void response.body?.cancel().catch(() => {});
    }
  }

  async #read(body) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { id: undefined, hasId: false, event: '', data: [] };
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop();
        for (const line of lines) {
          if (line === '') {
            if (event.data.length) {
              this.events.push({
                ...event,
                event: event.event || 'message',
                data: event.data.join('\n'),
              });
              this.#wake();
            }
            event = { id: undefined, hasId: false, event: '', data: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') Object.assign(event, { id: value, hasId: true });
          else if (field === 'event') event.event = value;
          else if (field === 'data') event.data.push(value);
          else if (field === 'retry' && !this.events.length) this.retry ??= value;
        }
      }
    } catch {
      // Closed by us or by the server.
    }
    this.ended = true;
    this.#wake();
  }

  #wake() {
    for (const wake of this.#waiters) wake();
  }

  /**
   * Waits until `count` events arrived (or the stream ended, or `ms` passed).
   * @returns {Promise<boolean>} whether they arrived
   */
  async waitFor(count, ms) {
    const deadline = Date.now() + ms;
    while (this.events.length < count && !this.ended && Date.now() < deadline) {
      await new Promise((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.#waiters;
        waiters.add(done);
      });
    }
    return this.events.length >= count;
  }

  close() {
    this.controller.abort();
  }
}
