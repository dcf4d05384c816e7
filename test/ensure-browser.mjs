// `pretest`: makes sure a browser exists before the browser tests. On a fresh Debian machine
// where we are root (CI, a container), it installs Debian's chromium; anywhere else it says how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser, howToInstall } from './browser-path.mjs';

if (!findBrowser()) {
  const canInstall =
    !process.env.CHROME_PATH && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log("No browser found: installing Debian's chromium (apt-get install -y chromium)…");
    execSync(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
      {
        stdio: 'inherit',
      },
    );
  }
  if (!findBrowser()) {
    console.error(howToInstall());
    process.exit(1);
  }
}
