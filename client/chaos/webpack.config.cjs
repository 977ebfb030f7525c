const path = require('node:path');
const { nodeBundle } = require('../../scripts/node-bundle.webpack.cjs');

/**
 * The chaos CLI (`npm run fuzz`). __dirname stays source-relative (from the
 * repository root, where npm runs scripts) so test support finds sync-server/dist/main.js.
 */
module.exports = (_env, argv) =>
  nodeBundle({
    context: path.resolve(__dirname, '../..'),
    entry: { fuzz: './client/chaos/fuzz-cli.ts', 'device-host': './client/chaos/device-host-process.ts' },
    outputPath: path.resolve(__dirname, 'dist'),
    mode: argv.mode ?? 'development',
    sourceRelativeDirname: true,
  });
