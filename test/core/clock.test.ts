import { expect } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { createWorld, saleFixture } from '../helpers/sim.js';

const HOURS = 3_600_000;

describe('server clock', () => {
  it('keeps the sample with the shortest round trip', () => {
    const clock = new ServerClock();
    const t = performance.now();
    clock.sample(1_000_000, t - 400, t); // round trip 400 ms: server time ~ 1,000,200 at t
    clock.sample(2_000_000, t - 10, t); // 10 ms: far more exact, wins
    clock.sample(5_000_000, t - 300, t); // worse again: ignored
    expect(clock.accuracy).to.equal(5);
    expect(Math.abs(clock.now() - (2_000_005 + (performance.now() - t)))).to.be.below(2);
  });

  it('tells time with performance.now(), not the system clock', () => {
    const clock = new ServerClock();
    const t = performance.now();
    clock.sample(Date.UTC(2026, 10, 11), t - 20, t);
    const before = clock.now();
    const realNow = Date.now;
    Date.now = () => realNow() + 5 * HOURS; // the visitor changes the system clock
    try {
      expect(clock.now() - before).to.be.within(0, 1000);
    } finally {
      Date.now = realNow;
    }
  });

  it('estimates a skewed server clock from real responses', async () => {
    // The server runs 5 hours ahead of this browser: the same as a visitor whose clock is 5 hours behind.
    const world = await createWorld({
      clockOffsetMs: 5 * HOURS,
      sales: [saleFixture({ id: 's1' })],
    });
    const clock = new ServerClock();
    const client = new HttpSaleClient({ api: world.base, clock });
    for (let i = 0; i < 3; i++) await client.getSale('s1');
    expect(clock.synced).to.be.true;
    expect(clock.offset).to.be.closeTo(5 * HOURS, 2 * clock.accuracy + 50);
    expect(clock.now()).to.be.closeTo(Date.now() + 5 * HOURS, 2 * clock.accuracy + 50);
  });
});
