/**
 * One timer for every countdown on the page.
 * @module
 */
import { atom, onMount } from 'nanostores';
import { serverClock } from './clock.js';

/**
 * The server's current second (epoch ms, a multiple of 1000), updated by one timer aligned to
 * the server clock's second boundary, so a page with 200 countdowns runs one timer and every
 * countdown flips on the same frame. It stops when nothing listens and while the page is hidden.
 */
export const $serverSecond = atom(Math.floor(serverClock.now() / 1000) * 1000);

onMount($serverSecond, () => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const now = serverClock.now();
    // A timer may fire a hair early: count a few milliseconds before a boundary as after it.
    const second = Math.floor((now + 5) / 1000) * 1000;
    $serverSecond.set(second);
    timer = setTimeout(tick, second + 1000 - now + 2);
  };
  const onVisibility = () => {
    clearTimeout(timer);
    if (!document.hidden) tick();
  };
  document.addEventListener('visibilitychange', onVisibility);
  onVisibility();
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
});
