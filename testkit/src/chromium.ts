/**
 * Options for playwright-core's `chromium.launchPersistentContext`, shared by
 * the browser tests and the benchmark: the Debian package's Chromium (or
 * `CHROMIUM_PATH`), headless, no sandbox (containers run as root), and no GPU,
 * QUIC, first-run, component-update, sync or other background traffic.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
