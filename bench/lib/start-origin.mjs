/**
 * The scale benchmarks' origin (bench/lib/origin.mjs: the simulator publishing to nchan), started
 * as a process of their engines.
 * @module
 */

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
    { ready: /origin ready \S+ (\S+)/ },
  );
  return /origin ready \S+ (\S+)/.exec(origin.output())[1];
}
