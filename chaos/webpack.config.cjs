const path = require('node:path');
const { nodeBundle } = require('../scripts/node-bundle.webpack.cjs');

/**
 * The chaos CLI (`npm run fuzz`). __dirname stays source-relative (from the
 * repository root, where npm runs scripts) so the test kit finds sync-server/dist/main.js.
 */
module.exports = (_env, argv) =>
  nodeBundle({
    context: path.resolve(__dirname, '..'),
    entry: { fuzz: './chaos/src/fuzz-cli.ts', 'device-host': './chaos/src/device-host-process.ts' },
    outputPath: path.resolve(__dirname, 'dist'),
    mode: argv.mode ?? 'development',
    sourceRelativeDirname: true,
  });
