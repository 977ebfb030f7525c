/**
 * [NT17] The push services browsers use: Chrome, Edge's Chromium siblings, Opera, Brave, Samsung Internet (FCM,
 * `fcm.googleapis.com`), Firefox (autopush, `updates.push.services.mozilla.com`), Safari on macOS and iOS
 * (`web.push.apple.com`) and Edge (WNS, `wns2-*.notify.windows.com`). `*.` matches any subdomain, not the name itself.
 */
export const DEFAULT_PUSH_ENDPOINT_HOSTS = [
  'fcm.googleapis.com',
  '*.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/;

/** Why this `PUSH_ENDPOINT_HOSTS` entry is not a host name or `*.` pattern, or null. */
export function endpointHostPatternProblem(pattern: string): string | null {
  return HOST_PATTERN.test(pattern) ? null : `"${pattern}" is not a host name or a *.domain pattern`;
}

function hostMatches(host: string, pattern: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && host.length > suffix.length;
}

/**
 * [NT17] Why production may not send to this endpoint, or null: its host is not one of `allowedHosts` (exact names or
 * `*.` patterns; a trailing dot ignored) or it names a port other than 443. Checked when a subscription is registered
 * and again before each push.
 */
export function endpointHostProblem(url: URL, allowedHosts: readonly string[]): string | null {
  if (url.port !== '' && url.port !== '443') return 'endpoint must use port 443';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!allowedHosts.some((pattern) => hostMatches(host, pattern))) return `endpoint host ${host} is not a known push service`;
  return null;
}
