import { EXTERNAL_NAMES, GENERATED_PATHS } from './external-names';
import { parseGitignore } from './ignored-paths';
import { findDocReferences } from './markdown-references';
import type { Problem } from './problem';
import type { RepoTree } from './repo-tree';
import { pathExists } from './resolve-path';
import { isConfigurationFile, isSourceFile } from './source-names';

/** README.md and every docs/*.md: the documents whose every file and code name must exist. */
export function listDocs(tree: RepoTree): string[] {
  return tree.files.filter((file) => file === 'README.md' || /^docs\/[^/]+\.md$/.test(file)).sort();
}

export function checkDocReferences(tree: RepoTree, docs: readonly string[], codeWords: ReadonlySet<string>): Problem[] {
  const topLevel = new Set(tree.files.concat(tree.directories).filter((entry) => !entry.includes('/')));
  const writtenInto = parseGitignore(tree.has('.gitignore') ? tree.read('.gitignore') : '');
  const problems: Problem[] = [];
  for (const doc of docs) {
    for (const reference of findDocReferences(tree.read(doc), topLevel)) {
      const missing =
        reference.kind === 'name'
          ? nameIsMissing(reference.text, codeWords)
          : pathIsMissing(tree, writtenInto, reference.text, doc, reference.kind === 'link');
      if (missing) problems.push({ file: doc, line: reference.line, message: `${missing}: ${reference.text}` });
    }
    problems.push(...outsideDesignCitations(doc, tree.read(doc)));
  }
  return problems;
}

/**
 * Code, configuration and deployment files that point at a doc (`docs/protocol.md`) must point at one that
 * exists, and none may cite the design outside the repository (`DESIGN §3`): its rules live in docs/ under ids.
 */
export function checkDocCitationsInSource(tree: RepoTree, ignoredPrefixes: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const file of tree.files) {
    if (!(isSourceFile(file) || isConfigurationFile(file)) || ignoredPrefixes.some((prefix) => file.startsWith(prefix))) continue;
    const text = tree.read(file);
    text.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(/\bdocs\/[\w.-]+\.md\b/g)) {
        if (!tree.has(match[0])) problems.push({ file, line: index + 1, message: `no such doc: ${match[0]}` });
      }
    });
    problems.push(...outsideDesignCitations(file, text));
  }
  return problems;
}

function outsideDesignCitations(file: string, text: string): Problem[] {
  return text
    .split('\n')
    .flatMap((line, index) =>
      /\bDESIGN(\.md)?`?\s*(§|section)/i.test(line)
        ? [{ file, line: index + 1, message: 'cites DESIGN.md, which is not in the repository: cite the rule id in docs/ instead' }]
        : [],
    );
}

function pathIsMissing(
  tree: RepoTree,
  writtenInto: (relativePath: string) => string | undefined,
  reference: string,
  doc: string,
  isLink: boolean,
): string | undefined {
  if (GENERATED_PATHS[reference] !== undefined) return undefined;
  const folder = writtenInto(reference);
  if (folder !== undefined) return folder === '' || tree.isDirectory(folder) ? undefined : 'no such folder to write into';
  return pathExists(tree, reference, doc, isLink) ? undefined : 'no such file or folder';
}

function nameIsMissing(name: string, codeWords: ReadonlySet<string>): string | undefined {
  if (/^[a-z][a-z0-9]*$/.test(name) || EXTERNAL_NAMES[name] !== undefined || codeWords.has(name)) return undefined;
  return 'no code, configuration or deployment file has the name';
}
