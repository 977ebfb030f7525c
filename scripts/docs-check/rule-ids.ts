/** A rule id: one to four capitals and a number, optionally a letter (`[W5]`, `[CH3]`, `[R4b]`). */
const RULE_ID = /\[([A-Z]{1,4}\d+[a-z]?)\]/g;
/** A doc defines a rule where the id opens bold text: `- **[P1]** The server returns…`, `**[RT1] Refresh…**`. */
const RULE_DEFINITION = /\*\*\[([A-Z]{1,4}\d+[a-z]?)\]/g;
const TEST_CALL = /(?<![\w.$])(?:it|test|describe)((?:\.(?:only|skip|todo|concurrent|failing|each))*)\s*\(/g;
const STRING_LITERAL = /^\s*(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/;
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
const CITATION_WITH_DOC = /docs\/([\w.-]+\.md)((?:[\s,;–-]*\[[A-Z]{1,4}\d+[a-z]?\])+)/g;

export interface IdOccurrence {
  readonly id: string;
  readonly line: number;
}

export interface TestTitle {
  readonly title: string;
  readonly line: number;
  readonly ids: readonly string[];
  /** `.skip` and `.todo` tests prove nothing yet. */
  readonly skipped: boolean;
}

export interface CommentCitation extends IdOccurrence {
  /** The doc the comment names right before the id (`docs/protocol.md [P4]`), if any. */
  readonly doc?: string;
}

export function findRuleDefinitions(markdown: string): IdOccurrence[] {
  return occurrences(markdown, RULE_DEFINITION);
}

export function findRuleMentions(markdown: string): IdOccurrence[] {
  return occurrences(markdown, RULE_ID);
}

/** Titles of `it`, `test` and `describe` calls (`.each`, `.skip`, `.only` included) with the ids they name. */
export function findTestTitles(source: string): TestTitle[] {
  const titles: TestTitle[] = [];
  for (const call of source.matchAll(TEST_CALL)) {
    let argumentsStart = call.index + call[0].length;
    if (call[1]!.endsWith('.each')) {
      const tableEnd = closingParenthesis(source, argumentsStart);
      const next = /^\s*\(/.exec(source.slice(tableEnd + 1));
      if (!next) continue;
      argumentsStart = tableEnd + 1 + next[0].length;
    }
    const literal = STRING_LITERAL.exec(source.slice(argumentsStart, argumentsStart + 2000));
    if (!literal) continue;
    const title = literal[2]!;
    const ids = [...title.matchAll(RULE_ID)].map((id) => id[1]!);
    titles.push({ title, line: lineAt(source, call.index), ids, skipped: /\.(skip|todo)\b/.test(call[1]!) });
  }
  return titles;
}

/** The index of the `)` that closes the call whose arguments start at `start`, skipping strings and nesting. */
function closingParenthesis(source: string, start: number): number {
  let depth = 1;
  for (let index = start; index < source.length; index += 1) {
    const character = source[index]!;
    if (character === "'" || character === '"' || character === '`') {
      const literal = STRING_LITERAL.exec(source.slice(index));
      if (literal) index += literal[0].length - 1;
    } else if (character === '(') depth += 1;
    else if (character === ')' && (depth -= 1) === 0) return index;
  }
  return source.length;
}

export function findCommentCitations(source: string): CommentCitation[] {
  const citations: CommentCitation[] = [];
  for (const comment of source.matchAll(COMMENT)) {
    const text = comment[0];
    const withDoc = new Map<number, string>();
    for (const cited of text.matchAll(CITATION_WITH_DOC)) {
      const idsStart = cited.index + cited[0].length - cited[2]!.length;
      for (const id of cited[2]!.matchAll(RULE_ID)) withDoc.set(idsStart + id.index, `docs/${cited[1]}`);
    }
    for (const id of text.matchAll(RULE_ID)) {
      const doc = withDoc.get(id.index);
      const line = lineAt(source, comment.index + id.index);
      citations.push(doc ? { id: id[1]!, line, doc } : { id: id[1]!, line });
    }
  }
  return citations;
}

function occurrences(text: string, pattern: RegExp): IdOccurrence[] {
  return [...text.matchAll(pattern)].map((match) => ({ id: match[1]!, line: lineAt(text, match.index) }));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let position = text.indexOf('\n'); position !== -1 && position < index; position = text.indexOf('\n', position + 1)) line += 1;
  return line;
}
