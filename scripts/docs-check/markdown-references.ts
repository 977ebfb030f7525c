/** Something a doc names that must exist in the repository: a file or folder path, or a code identifier. */
export interface DocReference {
  readonly line: number;
  readonly kind: 'path' | 'link' | 'name';
  readonly text: string;
}

const KNOWN_EXTENSIONS = new Set([
  'ts',
  'tsx',
  'js',
  'cjs',
  'mjs',
  'json',
  'md',
  'yml',
  'yaml',
  'conf',
  'sh',
  'html',
  'css',
  'webmanifest',
  'png',
  'svg',
  'sql',
]);
const IDENTIFIER = '[A-Za-z_$][\\w$]*';
const NAME_ONLY = new RegExp(`^(?:new )?(${IDENTIFIER}(?:\\.${IDENTIFIER})*)(?:\\(.*\\))?$`);
const NAME_ASSIGNED = new RegExp(`^(${IDENTIFIER}) = (${IDENTIFIER})$`);
const TOKEN_CHARACTER = /[\w./@*<>${}~-]/;

/**
 * `topLevel` holds the names at the repository root, so `client/…` or `docs/x.md` in prose is recognised as a
 * path while an ordinary phrase with a slash ("and/or") is not.
 */
export function findDocReferences(markdown: string, topLevel: ReadonlySet<string>): DocReference[] {
  const references: DocReference[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (/^\s*(```|~~~)/.test(text)) {
      inFence = !inFence;
      return;
    }
    if (inFence) {
      for (const token of splitTokens(text)) {
        if (isPathToken(token, topLevel, true)) references.push({ line, kind: 'path', text: token });
      }
      return;
    }
    const prose = text.replace(/`([^`]+)`/g, (_match, span: string) => {
      references.push(...codeSpanReferences(span.trim(), line, topLevel));
      return ' ';
    });
    const withoutLinks = prose.replace(/\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_match, label: string, target: string) => {
      if (!/^([a-z][a-z+.-]*:|#)/i.test(target)) references.push({ line, kind: 'link', text: target.replace(/#.*$/, '') });
      return ` ${label} `;
    });
    for (const token of splitTokens(withoutLinks.replace(/<https?:[^>]*>/g, ' '))) {
      if (isPathToken(token, topLevel, false)) references.push({ line, kind: 'path', text: token });
    }
  });
  return references;
}

function codeSpanReferences(span: string, line: number, topLevel: ReadonlySet<string>): DocReference[] {
  const assigned = NAME_ASSIGNED.exec(span);
  if (assigned) return [assigned[1]!, assigned[2]!].map((text) => ({ line, kind: 'name', text }));
  if (!/\s/.test(span)) {
    if (isPathToken(span, topLevel, true)) return [{ line, kind: 'path', text: span }];
    const named = NAME_ONLY.exec(span);
    return named ? named[1]!.split('.').map((text): DocReference => ({ line, kind: 'name', text })) : [];
  }
  const named = /^(?:new )?([A-Za-z_$][\w$]*)\(/.exec(span);
  const paths = splitTokens(span)
    .filter((token) => isPathToken(token, topLevel, true))
    .map((text): DocReference => ({ line, kind: 'path', text }));
  return named ? [{ line, kind: 'name', text: named[1]! }, ...paths] : paths;
}

/** Splits on anything that cannot be part of a path, keeping `{a,b}` alternatives in one token. */
function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let braceDepth = 0;
  for (const character of text) {
    if (character === '{') braceDepth += 1;
    if (character === '}') braceDepth = Math.max(0, braceDepth - 1);
    if (TOKEN_CHARACTER.test(character) || (character === ',' && braceDepth > 0)) {
      current += character;
    } else {
      if (current) tokens.push(current);
      current = '';
      braceDepth = 0;
    }
  }
  if (current) tokens.push(current);
  return tokens.map((token) => token.replace(/[.:]+$/, '')).filter(Boolean);
}

function isPathToken(token: string, topLevel: ReadonlySet<string>, allowBareNames: boolean): boolean {
  if (/^[-/$~{]/.test(token) || token.includes('://') || /.@/.test(token) || token.includes('...')) return false;
  if (token.startsWith('./') || token.startsWith('../')) return true;
  if (token.startsWith('@tasklane/')) return token.split('/').length > 2;
  const segments = token.split('/');
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (topLevel.has(first) && segments.length > 1) return allowBareNames || hasKnownExtension(last) || last === '';
  if (!allowBareNames) return topLevel.has(first) && hasKnownExtension(first);
  if (topLevel.has(token)) return true;
  if (hasKnownExtension(last)) return true;
  return segments.length > 1 && last === '' && segments.slice(0, -1).every((segment) => /^[\w.-]+$/.test(segment));
}

function hasKnownExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && KNOWN_EXTENSIONS.has(name.slice(dot + 1).replace(/[{}]/g, ''));
}
