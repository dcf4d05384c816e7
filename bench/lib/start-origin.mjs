/**
 * The scale benchmarks' origin (bench/lib/origin.mjs: the simulator publishing to nchan), started
 * as a process of their engines.
 * @module
 */

/** What the origin prints once it serves: its URL, then the API's base path. */
const READY = /origin ready \S+ (\S+)/;

/**
 * Starts the origin on `port`, publishing to `publishUrl`, as a process of `engines` (stopped
 * with them); resolves with the API's base path once it serves.
 * @param {import('../../deploy/lib/engines.mjs').Engines} engines
 * @param {number} port
 * @param {string} publishUrl
 * @returns {Promise<string>}
 */
export async function startOrigin(engines, port, publishUrl) {
  const origin = await engines.process(
    process.execPath,
    [
      new URL('./origin.mjs', import.meta.url).pathname,
      ...['--port', String(port), '--publish', publishUrl],
    ],
    { ready: READY },
  );
  return READY.exec(origin.output())[1];
}
