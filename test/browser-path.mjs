// Finds the Chromium/Chrome that tests and benchmarks drive: CHROME_PATH, then Debian's
// chromium, then a locally installed Chrome.
import { existsSync } from 'node:fs';

export const candidates = () =>
  [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ].filter(Boolean);

/** The browser's path, or undefined. A CHROME_PATH that does not exist is an error, not a hint. */
export function findBrowser() {
  if (process.env.CHROME_PATH) {
    return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
  }
  return candidates().find((path) => existsSync(path));
}

export const howToInstall = () =>
  [
    'saleday needs Chromium or Chrome for its browser tests, and none was found.',
    `Looked in: ${candidates().join(', ')}`,
    'Install one (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`)',
    'or point CHROME_PATH at a Chrome/Chromium binary: CHROME_PATH=/path/to/chrome npm test',
  ].join('\n');
