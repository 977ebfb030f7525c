import path from 'node:path';
import type { RepoTree } from './repo-tree';

/**
 * Whether a path a doc names exists. A path that starts at the repository root (`client/…`) must exist exactly
 * there; a shorter one (`src/store/store.ts`, `ui/tasks/`, a bare `task-repository.ts`) may sit anywhere in the
 * tree, as docs name files inside the part they describe. Globs (`*`, `**`, `{a,b}`) must match something;
 * a path with a `<placeholder>` segment only needs the folder before it.
 */
export function pathExists(tree: RepoTree, reference: string, fromDoc: string, strictlyRelative = false): boolean {
  const cleaned =
    reference
      .replace(/#.*$/, '')
      .replace(/\/+$/, '')
      .replace(/^\.\/(?=.)/, '') || '.';
  const fromDocDirectory = path.posix.normalize(path.posix.join(path.posix.dirname(fromDoc), cleaned));
  if (strictlyRelative || cleaned.startsWith('../')) {
    return existsFromRoot(tree, fromDocDirectory) || existsFromRoot(tree, path.posix.normalize(cleaned));
  }
  if (cleaned.startsWith('@tasklane/')) return moduleExists(tree, cleaned);
  if (existsFromRoot(tree, cleaned) || existsFromRoot(tree, fromDocDirectory)) return true;
  const first = cleaned.split('/')[0]!;
  if (tree.has(first) && cleaned.includes('/')) return false;
  return existsAnywhere(tree, cleaned);
}

function existsFromRoot(tree: RepoTree, relativePath: string): boolean {
  const shortened = shortenToCheckablePrefix(relativePath);
  if (shortened !== relativePath) return shortened === '' || tree.isDirectory(shortened);
  if (isGlob(relativePath)) return tree.files.some((file) => globToRegExp(relativePath, true).test(file));
  return tree.has(relativePath);
}

function existsAnywhere(tree: RepoTree, suffix: string): boolean {
  const shortened = shortenToCheckablePrefix(suffix);
  if (shortened !== suffix) return shortened !== '' && tree.endingWith(shortened).some((found) => tree.isDirectory(found));
  if (isGlob(suffix)) return tree.files.some((file) => globToRegExp(suffix, false).test(file));
  return tree.endingWith(suffix).length > 0;
}

/** A segment that stands for a value: `<time>`, `<userId>`, or an environment variable such as `DATA_DIR`. */
const PLACEHOLDER_SEGMENT = /<|^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/;

/** `bench/results/bench-<time>.json` → `bench/results`; `DATA_DIR/dev-secrets.json` → ``. */
function shortenToCheckablePrefix(relativePath: string): string {
  const segments = relativePath.split('/');
  const cut = segments.findIndex((segment) => PLACEHOLDER_SEGMENT.test(segment));
  return cut === -1 ? relativePath : segments.slice(0, cut).join('/');
}

function isGlob(relativePath: string): boolean {
  return /[*{]/.test(relativePath);
}

function globToRegExp(glob: string, anchored: boolean): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob[index]!;
    if (character === '*' && glob[index + 1] === '*') {
      source += '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '{') source += '(?:';
    else if (character === '}') source += ')';
    else if (character === ',') source += '|';
    else source += character.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}$`);
}

/** `@tasklane/shared/protocol/push` is `shared/src/protocol/push.ts`, as the package's `exports` map it. */
function moduleExists(tree: RepoTree, specifier: string): boolean {
  const [, packageName, ...rest] = specifier.split('/');
  const base = `${packageName}/src/${rest.join('/')}`;
  return ['.ts', '.tsx', '/index.ts', ''].some((ending) => tree.has(`${base}${ending}`));
}
