import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it), headless, with nothing of its own calling out. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // The dashboard follows the browser's language: tests read English unless they ask for another.
      '--lang=en-US',
    ],
  });
}
