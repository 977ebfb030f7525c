import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const CLIENT_SRC = path.resolve(__dirname, '../src');
const SHARED_SRC = path.resolve(__dirname, '../../shared/src');
/** Evaluated at build time by webpack (build/eval-at-build-loader.cjs): what it imports never reaches the browser. */
const BUILD_TIME = new Set([path.join(CLIENT_SRC, 'db/task-rx-schema.ts')]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The modules a file imports as JavaScript: not `import type`, not an import of types only (TypeScript drops both). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typesOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typesOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier && ts.isStringLiteral(specifier)) found.push(specifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A project file for an import, or the package name of a dependency. */
function resolved(from: string, specifier: string): { file: string } | { packageName: string } {
  const base = specifier.startsWith('@tasklane/shared/')
    ? path.join(SHARED_SRC, specifier.slice('@tasklane/shared/'.length))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (base === null)
    return { packageName: specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]! };
  const file = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  if (!file) throw new Error(`${path.relative(CLIENT_SRC, from)} imports ${specifier}, which does not resolve`);
  return { file };
}

describe('what the browser runs', () => {
  it('[ZF1] [B1] no module the PWA runs imports zod, through client/src or shared/src: schemas live in *-schema.ts modules', () => {
    const chains = new Map<string, string[]>();
    const queue = sourceFiles(CLIENT_SRC).filter((file) => !BUILD_TIME.has(file));
    for (const file of queue) chains.set(file, [path.relative(CLIENT_SRC, file)]);
    const offenders: string[] = [];
    let sharedModules = 0;
    while (queue.length > 0) {
      const file = queue.shift()!;
      for (const specifier of runtimeImports(file)) {
        const target = resolved(file, specifier);
        if ('packageName' in target) {
          if (target.packageName === 'zod') offenders.push([...chains.get(file)!, specifier].join(' → '));
          continue;
        }
        if (chains.has(target.file) || BUILD_TIME.has(target.file)) continue;
        if (target.file.startsWith(SHARED_SRC)) sharedModules += 1;
        chains.set(target.file, [...chains.get(file)!, path.relative(path.resolve(CLIENT_SRC, '../..'), target.file)]);
        queue.push(target.file);
      }
    }
    expect(sharedModules).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
