const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');

/**
 * Runs a TypeScript module at build time and replaces it with its exports as
 * JSON literals (like val-loader). Used for the task schema: it is built from
 * the zod schema in `shared/`, and zod itself then stays out of the bundle.
 */
function requireTypeScript(filename) {
  const previous = Module._extensions['.ts'];
  Module._extensions['.ts'] = (module, file) => {
    const source = require('node:fs').readFileSync(file, 'utf8');
    const { code } = swc.transformSync(source, {
      filename: file,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    module._compile(code, file);
  };
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolve(request, parent, ...rest) {
    if (request.startsWith('@tasklane/shared/')) {
      request = path.resolve(__dirname, '../../shared/src', `${request.slice('@tasklane/shared/'.length)}.ts`);
    } else if (request.startsWith('.') && parent && parent.filename && parent.filename.endsWith('.ts')) {
      const candidate = path.resolve(path.dirname(parent.filename), `${request}.ts`);
      if (require('node:fs').existsSync(candidate)) request = candidate;
    }
    return originalResolve.call(this, request, parent, ...rest);
  };
  try {
    return require(filename);
  } finally {
    Module._extensions['.ts'] = previous;
    Module._resolveFilename = originalResolve;
  }
}

module.exports = function evalAtBuildLoader() {
  const exportsOfModule = requireTypeScript(this.resourcePath);
  const lines = Object.entries(exportsOfModule)
    .filter(([name]) => name !== '__esModule')
    .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`);
  return `${lines.join('\n')}\n`;
};
