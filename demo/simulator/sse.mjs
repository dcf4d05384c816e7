/**
 * `GET /sales/{saleId}/stream`: a `text/event-stream` of one sale's `stats`, `stock` and `sale`
 * events (the world sends at least one every `heartbeatMs`). A reconnect with `Last-Event-ID` (or
 * `?lastEventId=`) first replays what it missed.
 * @module
 */

/** A comment line this often keeps an idle connection open through proxies. */
const PING_MS = 15_000;

/**
 * Opens a stream on `res` (the sale exists; the caller checked).
 * @param {import('./world.mjs').World} world
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} saleId
 * @param {URLSearchParams} query
 * @param {{ cutAfterEvents?: number, freezeAfterEvents?: number }} [fault] after this many events,
 *   `cutAfterEvents`: destroy the connection; `freezeAfterEvents`: send no more events but keep
 *   the connection open, pinged (an edge that lost its subscription)
 */
export function openStream(world, req, res, saleId, query, fault = {}) {
  const { cutAfterEvents, freezeAfterEvents } = fault;
  if (res.destroyed) return; // the client left during a fault's delay
  if (world.hasEnded(world.sales.get(saleId))) {
    res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let sent = 0;
  const stream = {
    saleId,
    write({ id, event, data }) {
      if (res.destroyed || res.writableEnded) return;
      if (sent === cutAfterEvents || sent === freezeAfterEvents) return;
      const cut = ++sent === cutAfterEvents;
      res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => {
        if (cut) res.destroy(); // after the event went out: the connection breaks mid-stream
      });
    },
    end: () => res.end(),
  };
  const heartbeat = setInterval(() => res.destroyed || res.write(': ping\n\n'), PING_MS);
  res.on('close', () => {
    clearInterval(heartbeat);
    world.streams.delete(stream);
  });

  const raw = req.headers['last-event-id'] ?? query.get('lastEventId');
  const last = /^\d{1,15}$/.test(String(raw ?? '').trim()) ? Number(raw) : null;
  const missed =
    last !== null && last <= world.lastEventId ? world.eventsAfter(saleId, last) : null;
  if (missed) {
    for (const event of missed) stream.write(event);
  } else {
    // A fresh connection (or one too far behind) starts from a snapshot of the stats.
    stream.write({ id: world.lastEventId, event: 'stats', data: world.statsBody(saleId) });
  }
  if (!res.destroyed) world.streams.add(stream);
}
