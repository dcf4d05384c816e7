/**
 * Runs our own instances of the engines behind a Saleday edge (Redis, nginx with nchan, a Node
 * origin) on this machine: each from a temporary directory of its own, on free 127.0.0.1 ports,
 * never as a system service, and stopped by whoever started them, also on failure and on
 * Ctrl+C / SIGTERM (see {@link Engines#stopAll}).
 *
 * @example
 * const engines = new Engines();
 * try {
 *   const redis = await engines.redis();
 *   const origin = await engines.process('node', ['demo/simulator/cli.mjs', '--port', '0'], {
 *     ready: /listening on (http:\S+)/,
 *   });
 *   const [a, b] = await engines.edges({ origins: [origin.url], redisUrl: redis.url, count: 2 });
 *   // ... a.url, b.url serve the API; a.publishUrl is the nchan publisher (origin only)
 * } finally {
 *   await engines.stopAll();
 * }
 * @module
 */
import { spawn, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderEdgeConfig } from './edge-config.mjs';

/** Where Debian's libnginx-mod-nchan puts the module (see /etc/nginx/modules-enabled/). */
export const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';

/** This process's hard limit on open files (nginx may raise its own up to it). */
export function fileLimit() {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? 1048576 : Number(out) || 1024;
  } catch {
    return 1024;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1 (listens on port 0, reads the port, closes). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port` (rejects after `ms`). */
export async function waitForPort(port, ms = 10000, alive = () => true) {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket.destroy() || true));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (!alive()) throw new Error(`nothing listens on 127.0.0.1:${port}: the process exited`);
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await sleep(50);
  }
}

const onPath = (name) =>
  [process.env.PATH ?? '', '/usr/sbin', '/sbin'].some((dirs) =>
    dirs.split(':').some((dir) => dir && existsSync(join(dir, name))),
  );

/**
 * Which engines this machine lacks, as the Debian packages that bring them (`[]` when all are
 * there): `nginx`, `libnginx-mod-nchan`, `redis-server`.
 * @returns {string[]}
 */
export function missingEngines() {
  const missing = [];
  if (!onPath('nginx')) missing.push('nginx');
  if (!existsSync(NCHAN_MODULE)) missing.push('libnginx-mod-nchan');
  if (!onPath('redis-server')) missing.push('redis-server');
  return missing;
}

/** The message that says how to install what {@link missingEngines} found missing. */
export function howToInstallEngines(missing = missingEngines()) {
  return (
    `Missing engines: ${missing.join(', ')}. Install the Debian packages with:\n` +
    `  sudo apt-get install -y ${missing.join(' ')}`
  );
}

/**
 * Exits the process (code 1) with {@link howToInstallEngines}'s message when an engine is
 * missing, for the scripts and test runs that cannot go on without them.
 */
export function requireEngines() {
  const missing = missingEngines();
  if (missing.length === 0) return;
  console.error(howToInstallEngines(missing));
  process.exit(1);
}

/** Resident memory (bytes) of every process in process group `pgid` (an nginx master and workers). */
export function groupMemory(pgid) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[2] is the process group, fields[21] the resident set in pages
      if (Number(fields[2]) === pgid) total += Number(fields[21]) * 4096;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * One running process started by {@link Engines}: in a process group of its own, so that stopping
 * it also stops its children (nginx workers).
 */
class Running {
  /**
   * @param {string} name
   * @param {() => import('node:child_process').ChildProcess} start spawns it (again on restart)
   * @param {{ stopSignal?: NodeJS.Signals, log?: string }} options
   */
  constructor(name, start, { stopSignal = 'SIGTERM', log } = {}) {
    this.name = name;
    this.start = start;
    this.stopSignal = stopSignal;
    this.log = log;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    this.output = '';
  }

  spawn() {
    const child = (this.child = this.start());
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    const keep = (chunk) => (this.output = (this.output + chunk).slice(-8000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  }

  /** Process id (also the process group id). */
  get pid() {
    return this.child?.pid;
  }

  get alive() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  #signalGroup(signal) {
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is gone
    }
  }

  /**
   * Stops it: `stopSignal` (nginx: SIGQUIT, a graceful stop), SIGTERM after 3 s, SIGKILL after 6 s,
   * each to the whole process group so that no worker is left orphaned.
   */
  async stop() {
    if (!this.child) return;
    const child = this.child;
    if (this.alive) {
      this.#signalGroup(this.stopSignal);
      const timeout = (ms) => sleep(ms).then(() => 'timeout');
      if ((await Promise.race([this.exited, timeout(3000)])) === 'timeout') {
        this.#signalGroup('SIGTERM');
        if ((await Promise.race([this.exited, timeout(3000)])) === 'timeout') {
          this.#signalGroup('SIGKILL');
          await this.exited;
        }
      }
    }
    // Workers of a master that died abruptly keep its group: end them too.
    this.#signalGroup('SIGKILL');
    if (this.child === child) this.child = undefined;
  }

  /** Kills at once (SIGKILL to the group); for exit handlers that cannot wait. */
  killNow() {
    if (this.child) this.#signalGroup('SIGKILL');
  }
}

/** Starts and stops engines; one instance per script or test run. */
export class Engines {
  /** @type {Set<Running>} */
  #running = new Set();
  /** @type {string[]} */
  #dirs = [];
  #exitHook;

  /**
   * @param {object} [options]
   * @param {boolean} [options.handleSignals] stop everything on SIGINT/SIGTERM, then exit (default true)
   */
  constructor({ handleSignals = true } = {}) {
    const onSignal = (signal) => {
      this.stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    this.#exitHook = () => this.#running.forEach((r) => r.killNow());
    process.on('exit', this.#exitHook);
    if (handleSignals) {
      this.onSignal = onSignal;
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
  }

  /** A new temporary directory, removed by {@link Engines#stopAll}. */
  async tempDir(prefix = 'saleday-engine-') {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.#dirs.push(dir);
    return dir;
  }

  #track(running) {
    this.#running.add(running);
    return running;
  }

  /**
   * Starts a Redis server (no persistence unless `args` say so) on a free port.
   * @param {{ args?: string[] }} [options] more redis-server options, after ours (so they win),
   *   e.g. `['--appendonly', 'yes', '--appendfsync', 'always']`
   * @returns {Promise<{ url: string, port: number, dir: string, pid: number | undefined,
   *   stop(): Promise<void>, restart(): Promise<void> }>}
   */
  async redis({ args: extra = [] } = {}) {
    const missing = missingEngines().filter((p) => p === 'redis-server');
    if (missing.length) throw new Error(howToInstallEngines(missing));
    const dir = await this.tempDir('saleday-redis-');
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
    args.push('--save', '', '--appendonly', 'no', '--logfile', join(dir, 'redis.log'));
    args.push('--maxclients', '10000', ...extra);
    const running = this.#track(
      new Running('redis', () =>
        spawn('redis-server', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
      ),
    );
    const start = async () => {
      running.spawn();
      await waitForPort(port, 10000, () => running.alive).catch((err) => {
        throw new Error(`redis did not start: ${err.message}\n${running.output}`);
      });
    };
    await start();
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      dir,
      get pid() {
        return running.pid;
      },
      stop: () => running.stop(),
      restart: async () => {
        await running.stop();
        await start();
      },
    };
  }

  /**
   * Starts `count` nginx edges (nchan loaded) in front of `origins`, sharing nchan's channels
   * through Redis at `redisUrl`; each from its own temp dir with its rendered configuration
   * (`edge.conf`, see `edge-config.mjs`), its error log and pid file.
   * @param {object} options
   * @param {string[]} options.origins origin base URLs (`http://127.0.0.1:port`)
   * @param {string} options.redisUrl `redis://127.0.0.1:port`
   * @param {number} [options.count] how many edges (default 1)
   * @param {boolean} [options.tiered] the first edge is the others' parent for cached reads (a
   *   cache hierarchy: the origin sees about one edge's requests); default true
   * @param {number} [options.workerConnections] nginx worker_connections (default 16384)
   * @param {number} [options.workers] nginx worker processes per edge (default 1, as deploy/ advises:
   *   with more, nchan may freeze a restarted edge's channel; see bench/edge-restarts.mjs)
   * @param {string} [options.parent] an edge URL all these edges refresh cached reads from
   * @returns {Promise<Array<{ url: string, port: number, publishUrl: string, publishPort: number,
   *   dir: string, pid: number | undefined, memory(): number, errorLog(): string,
   *   stop(): Promise<void>, restart(): Promise<void> }>>} `memory()`: resident bytes, master
   *   and workers
   */
  async edges(options) {
    const { origins, redisUrl, count = 1, workerConnections = 16384, tiered = true } = options;
    const { workers = 1 } = options;
    const missing = missingEngines().filter((p) => p !== 'redis-server');
    if (missing.length) throw new Error(howToInstallEngines(missing));
    const edges = [];
    for (let i = 0; i < count; i++) {
      const parent = options.parent ?? (tiered && i > 0 ? edges[0].url : undefined);
      edges.push(await this.#edge(origins, parent, redisUrl, workerConnections, workers));
    }
    return edges;
  }

  async #edge(origins, parent, redisUrl, workerConnections, workers) {
    const dir = await this.tempDir('saleday-edge-');
    // Run as root, nginx's workers switch to an unprivileged user: they must reach the cache.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'logs'));
    const port = await freePort();
    const publishPort = await freePort();
    const conf = join(dir, 'edge.conf');
    writeFileSync(
      conf,
      renderEdgeConfig({
        standalone: true,
        port,
        publishPort,
        origins,
        parent,
        redisUrl,
        dir,
        nchanModule: NCHAN_MODULE,
        workerConnections,
        workers,
        fileLimit: Math.min(fileLimit(), workerConnections * 2),
      }),
    );
    try {
      execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', conf], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`nginx refused ${conf}:\n${err.stderr}`, { cause: err });
    }
    const running = this.#track(
      new Running(
        'nginx',
        () =>
          spawn('nginx', ['-p', dir, '-c', conf, '-g', 'daemon off; master_process on;'], {
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        { stopSignal: 'SIGQUIT' },
      ),
    );
    const errorLog = () => {
      try {
        return readFileSync(join(dir, 'logs', 'error.log'), 'utf8');
      } catch {
        return '';
      }
    };
    const start = async () => {
      running.spawn();
      await waitForPort(port, 10000, () => running.alive).catch((err) => {
        throw new Error(`nginx did not start: ${err.message}\n${running.output}\n${errorLog()}`);
      });
    };
    await start();
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      publishUrl: `http://127.0.0.1:${publishPort}`,
      publishPort,
      dir,
      get pid() {
        return running.pid;
      },
      memory: () => (running.pid ? groupMemory(running.pid) : 0),
      errorLog,
      stop: () => running.stop(),
      restart: async () => {
        await running.stop();
        await start();
      },
    };
  }

  /**
   * Starts any command (an origin, a load generator) in its own process group. With `ready`, waits
   * until a line of its output matches (the first capture group, if any, becomes `url`).
   * @param {string} command
   * @param {string[]} args
   * @param {{ ready?: RegExp, env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number }} [options]
   * @returns {Promise<{ url: string | undefined, pid: number | undefined, output(): string,
   *   child: import('node:child_process').ChildProcess, stop(): Promise<void> }>}
   */
  async process(command, args, { ready, env, cwd, timeoutMs = 20000 } = {}) {
    const running = this.#track(
      new Running(command, () =>
        spawn(command, args, {
          detached: true,
          cwd,
          env: env ?? process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ),
    );
    const child = running.spawn();
    let url;
    if (ready) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`${command} not ready after ${timeoutMs} ms:\n${running.output}`));
        }, timeoutMs);
        const check = () => {
          const match = ready.exec(running.output);
          if (!match) return;
          url = match[1];
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve();
        };
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${command} exited (${code}) before ready:\n${running.output}`));
        });
      });
    }
    return {
      url,
      get pid() {
        return running.pid;
      },
      child,
      output: () => running.output,
      stop: () => running.stop(),
    };
  }

  /** Stops everything started here (in reverse order) and removes the temp directories. */
  async stopAll() {
    // Each stays known until stopped: if the process exits meanwhile, the exit hook kills it.
    const all = [...this.#running].reverse();
    await Promise.all(all.map((r) => r.stop().then(() => this.#running.delete(r))));
    const dirs = this.#dirs.splice(0);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    if (this.onSignal) {
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
    }
  }
}
