/** Paths the service worker never answers from a cache: the API and the sync socket. */
export const NEVER_CACHED_PATHS: RegExp[] = [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/, /^\/(health|ready|metrics)$/];

export function isNeverCached(pathname: string): boolean {
  return NEVER_CACHED_PATHS.some((pattern) => pattern.test(pathname));
}
