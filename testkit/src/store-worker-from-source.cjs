// The store worker thread's entry for tests: jest compiles only the modules of its own registry, and a
// worker thread loads plain Node modules, so each TypeScript file is compiled with swc as it is required.
// Compiled files are cached on disk by content, so the many workers a test run starts skip swc.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cacheDir = path.join(os.tmpdir(), 'tasklane-store-worker-swc');
fs.mkdirSync(cacheDir, { recursive: true });

function compile(source, filename) {
  const cached = path.join(cacheDir, `${crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex')}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const { code } = require('@swc/core').transformSync(source, {
      filename,
      module: { type: 'commonjs' },
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      sourceMaps: 'inline',
    });
    // Written whole under a temporary name, then renamed: a parallel worker never reads half a file.
    const partial = `${cached}.${process.pid}.${require('node:worker_threads').threadId}`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
    return code;
  }
}

require.extensions['.ts'] = (module, filename) => module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);

require(path.resolve(__dirname, '../../sync-server/src/store/worker/store-worker-entry.ts'));
