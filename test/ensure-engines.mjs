// `pretest`: makes sure what the tests run on exists before they start: a browser for the
// browser tests, and nginx with nchan and redis-server for the Redis and edge runs. On a fresh
// Debian machine where we are root (CI, a container), it installs the missing Debian packages
// (only the packages: the tests start their own instances on free ports, never a system
// service); anywhere else it says how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { missingEngines, requireEngines } from '../deploy/lib/engines.mjs';
import { findBrowser, howToInstall } from './browser-path.mjs';

const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
const packages = [
  ...(!findBrowser() && !process.env.CHROME_PATH ? ['chromium'] : []),
  ...missingEngines(),
];
if (packages.length && canInstall) {
  console.log(
    `Installing Debian packages the tests need: apt-get install -y ${packages.join(' ')}…`,
  );
  execSync(
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`,
    { stdio: 'inherit' },
  );
  // Installing starts the packages' system services; the tests run their own instances.
  for (const service of ['nginx', 'redis-server']) {
    if (packages.includes(service))
      execSync(`service ${service} stop || true`, { stdio: 'ignore' });
  }
}
if (!findBrowser()) {
  console.error(howToInstall());
  process.exit(1);
}
requireEngines();
