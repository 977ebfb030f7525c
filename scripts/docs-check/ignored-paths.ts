/**
 * The root `.gitignore` as a function: for a path that a build, a test run or the server writes
 * (`data/`, `test-artifacts/`, `bench/results/*.json`, `client/dist/sw.js`), which no checkout holds, the folder
 * it is written into (`''` for the root), which must exist; `undefined` for a path git does not ignore.
 */
export function parseGitignore(gitignore: string): (relativePath: string) => string | undefined {
  const rules = gitignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '');
      const anchored = pattern.includes('/');
      const body = pattern
        .replace(/^\//, '')
        .split('**')
        .map((part) => part.replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('.*');
      return { negated, pattern: new RegExp(`${anchored ? '^' : '(^|/)'}${body}$`) };
    });
  const ignoredItself = (relativePath: string) =>
    rules.reduce((ignored, rule) => (rule.pattern.test(relativePath) ? !rule.negated : ignored), false);
  return (relativePath) => {
    const segments = relativePath.replace(/^\.\//, '').replace(/\/$/, '').split('/');
    const firstIgnored = segments.findIndex((_segment, index) => ignoredItself(segments.slice(0, index + 1).join('/')));
    return firstIgnored === -1 ? undefined : segments.slice(0, firstIgnored).join('/');
  };
}
