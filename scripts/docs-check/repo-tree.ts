import fs from 'node:fs';
import path from 'node:path';

/** Generated or installed folders: a doc that names something inside them names nothing the repository holds. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', 'dist', 'coverage', 'data', 'test-artifacts', '.tmp']);

/** Every file and folder of the working tree (paths relative to the root, `/`-separated), indexed for look-ups. */
export interface RepoTree {
  readonly files: readonly string[];
  readonly directories: readonly string[];
  readonly has: (relativePath: string) => boolean;
  readonly isDirectory: (relativePath: string) => boolean;
  /** Files and folders whose path is `suffix` or ends with `/suffix`. */
  readonly endingWith: (suffix: string) => readonly string[];
  readonly read: (relativePath: string) => string;
}

export function readRepoTree(root: string): RepoTree {
  const files: string[] = [];
  const walk = (relativeDirectory: string) => {
    for (const entry of fs.readdirSync(path.join(root, relativeDirectory), { withFileTypes: true })) {
      const relativePath = relativeDirectory ? `${relativeDirectory}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) walk(relativePath);
      else if (entry.isFile()) files.push(relativePath);
    }
  };
  walk('');
  const contents = new Map<string, string>();
  return createRepoTree(files, (relativePath) => {
    let text = contents.get(relativePath);
    if (text === undefined) {
      text = fs.readFileSync(path.join(root, relativePath), 'utf8');
      contents.set(relativePath, text);
    }
    return text;
  });
}

/** A tree of the given files (folders are implied by their paths); `read` returns a file's text. */
export function createRepoTree(files: readonly string[], read: (relativePath: string) => string): RepoTree {
  const directories = new Set<string>();
  for (const file of files) {
    for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) directories.add(file.slice(0, slash));
  }
  const fileSet = new Set(files);
  const byBasename = new Map<string, string[]>();
  for (const entry of [...files, ...directories]) {
    const name = entry.slice(entry.lastIndexOf('/') + 1);
    byBasename.set(name, [...(byBasename.get(name) ?? []), entry]);
  }
  return {
    files,
    directories: [...directories],
    has: (relativePath) => fileSet.has(relativePath) || directories.has(relativePath),
    isDirectory: (relativePath) => directories.has(relativePath),
    endingWith: (suffix) => {
      const name = suffix.slice(suffix.lastIndexOf('/') + 1);
      return (byBasename.get(name) ?? []).filter((entry) => entry === suffix || entry.endsWith(`/${suffix}`));
    },
    read,
  };
}
