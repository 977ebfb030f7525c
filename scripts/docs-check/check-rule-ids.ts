import type { Problem } from './problem';
import type { RepoTree } from './repo-tree';
import { findCommentCitations, findRuleDefinitions, findRuleMentions, findTestTitles } from './rule-ids';

const TYPESCRIPT_FILE = /\.tsx?$/;

/**
 * One namespace of rule ids across docs, tests and code comments: every id is defined once, in bold, in a
 * doc under docs/; every defined rule is named in the title of at least one test; every id a test title, a
 * doc or a code comment cites is defined (in the doc the comment names, when it names one).
 */
export function checkRuleIds(tree: RepoTree, ignoredPrefixes: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const docs = tree.files.filter((file) => /^docs\/[^/]+\.md$/.test(file)).sort();
  const definedIn = new Map<string, { file: string; line: number }>();
  for (const doc of docs) {
    for (const { id, line } of findRuleDefinitions(tree.read(doc))) {
      const earlier = definedIn.get(id);
      if (earlier) problems.push({ file: doc, line, message: `[${id}] is already defined at ${earlier.file}:${earlier.line}` });
      else definedIn.set(id, { file: doc, line });
    }
  }
  for (const doc of ['README.md', ...docs].filter((file) => tree.has(file))) {
    for (const { id, line } of findRuleMentions(tree.read(doc))) {
      if (!definedIn.has(id)) problems.push({ file: doc, line, message: `[${id}] is cited but no doc defines it` });
    }
  }

  const named = new Set<string>();
  for (const file of tree.files) {
    if (!TYPESCRIPT_FILE.test(file) || ignoredPrefixes.some((prefix) => file.startsWith(prefix))) continue;
    const source = tree.read(file);
    for (const title of findTestTitles(source)) {
      for (const id of title.ids) {
        if (!title.skipped) named.add(id);
        if (!definedIn.has(id)) problems.push({ file, line: title.line, message: `test title names [${id}], which no doc defines` });
      }
    }
    for (const citation of findCommentCitations(source)) {
      const definition = definedIn.get(citation.id);
      if (!definition) problems.push({ file, line: citation.line, message: `comment cites [${citation.id}], which no doc defines` });
      else if (citation.doc && citation.doc !== definition.file) {
        const message = `comment cites ${citation.doc} [${citation.id}], but [${citation.id}] is defined in ${definition.file}`;
        problems.push({ file, line: citation.line, message });
      }
    }
  }
  for (const [id, { file, line }] of definedIn) {
    if (!named.has(id)) problems.push({ file, line, message: `no test names [${id}] in its title` });
  }
  return problems;
}
