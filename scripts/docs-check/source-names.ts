import type { RepoTree } from './repo-tree';

const SOURCE_FILE = /\.(ts|tsx|js|cjs|mjs)$/;
const CONFIGURATION_FILE = /(^|\/)(Dockerfile|[^/]+\.(ya?ml|conf|sh|html|webmanifest|sql)|package\.json)$/;
const WORD = /[A-Za-z_$][\w$]*/g;

export function isSourceFile(file: string): boolean {
  return SOURCE_FILE.test(file);
}

export function isConfigurationFile(file: string): boolean {
  return CONFIGURATION_FILE.test(file);
}

/**
 * Every word of the code (comments left out, string literals kept) and of the configuration and deployment
 * files. A name a doc writes in backticks must be one of them: a name the type-checked code declares, imports,
 * calls or reads exists (in our code or in a library we use), and the strings hold what is not an identifier
 * in TypeScript — environment variables, error codes, metric, table and event names.
 */
export function collectCodeWords(tree: RepoTree, ignoredPrefixes: readonly string[]): ReadonlySet<string> {
  const words = new Set<string>();
  for (const file of tree.files) {
    if (ignoredPrefixes.some((prefix) => file.startsWith(prefix))) continue;
    const isSource = SOURCE_FILE.test(file);
    if (!isSource && !CONFIGURATION_FILE.test(file)) continue;
    const text = isSource ? withoutComments(tree.read(file)) : tree.read(file);
    for (const match of text.matchAll(WORD)) words.add(match[0]);
  }
  return words;
}

const COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\[\s\S]|[^`\\])*`/g;

/** Drops `//` and block comments, keeping string and template literals as they are. */
function withoutComments(source: string): string {
  return source.replace(COMMENT_OR_STRING, (match) => (match.startsWith('//') || match.startsWith('/*') ? ' ' : match));
}
