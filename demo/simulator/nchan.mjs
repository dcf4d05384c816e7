/**
 * The simulator behind a Saleday edge (`--publish URL`): each stream event is published once to
 * nchan's internal publish location (`deploy/nginx/saleday-edge.conf`), which sends it to every
 * viewer of every edge on the same Redis; the simulator holds no viewer's stream.
 *
 * Events go out in order, one at a time over a kept-alive connection; a publish that fails (the
 * edge restarting, Redis gone) is retried until it goes through, so none is lost or reordered.
 * @module
 */
import { Agent, request } from 'node:http';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One HTTP request to the publisher; resolves with its status.
 * @returns {Promise<number>}
 */
function send(agent, url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('publish timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A publisher to nchan at `publishUrl` (the edge's internal publish server, e.g.
 * `http://127.0.0.1:8081`).
 * @param {string} publishUrl
 */
export function nchanPublisher(publishUrl) {
  const base = publishUrl.replace(/\/$/, '');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let queue = Promise.resolve();
  let closed = false;
  const counts = { published: 0, retried: 0, pending: 0 };

  /** Runs `attempt` until it answers 2xx (or 404 for a delete), retrying every 200-1000 ms. */
  const enqueue = (attempt) => {
    counts.pending++;
    queue = queue.then(async () => {
      for (let tries = 0; !closed; tries++) {
        const status = await attempt().catch(() => 0);
        if (status >= 200 && status < 300) break;
        if (status === 404 && attempt.isDelete) break;
        counts.retried++;
        await sleep(Math.min(1000, 200 * (tries + 1)));
      }
      counts.pending--;
    });
    return queue;
  };

  return {
    counts,
    /**
     * Publishes one event to a channel (the API's path and the sale, `/api/sales/sale-1111`).
     * @param {string} channel
     * @param {{ event: string, data: unknown }} entry
     */
    publish(channel, { event, data }) {
      const body = JSON.stringify(data);
      const headers = {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'X-EventSource-Event': event,
      };
      return enqueue(async () => {
        const status = await send(agent, `${base}/pub${channel}`, 'POST', headers, body);
        if (status < 300) counts.published++;
        return status;
      });
    },
    /** Deletes a channel: nchan closes its viewers' streams (the sale has ended). */
    delete(channel) {
      const attempt = () => send(agent, `${base}/pub${channel}`, 'DELETE', {}, undefined);
      attempt.isDelete = true;
      return enqueue(attempt);
    },
    /** Resolves once everything queued so far went out. */
    flush: () => queue,
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
