// @web/test-runner config: the HTTP contract and the hostile order tests again, against a
// simulator that keeps its orders, stock and stats in Redis (demo/simulator/store/redis.mjs):
// our own redis-server on a free 127.0.0.1 port from a temporary directory, stopped at the end.
import { startSimulator } from './demo/simulator/server.mjs';
import { startRedis } from './test/redis.mjs';
import { testConfig } from './test/runner-config.mjs';

const redis = await startRedis();
const simulator = await startSimulator({ host: '127.0.0.1', demo: false, redis: redis.url });
process.on('exit', () => redis.kill());

const config = testConfig(simulator, [
  'test/simulator/contract.test.ts',
  'test/hostile/orders.test.ts',
  'test/core/purchase-in-progress.test.ts',
]);
const stop = {
  name: 'stop-redis',
  async serverStop() {
    await simulator.close();
    await redis.stop();
  },
};
export default { ...config, plugins: [...config.plugins, stop] };
