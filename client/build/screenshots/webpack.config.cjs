const path = require('node:path');
const { nodeBundle } = require('../../../scripts/node-bundle.webpack.cjs');

/** `npm run screenshots -w @tasklane/client` bundles its TypeScript entry like the other Node programs, then runs it. */
module.exports = nodeBundle({
  context: __dirname,
  entry: { 'capture-screenshots': './capture-screenshots.ts' },
  outputPath: path.resolve(__dirname, 'dist'),
  mode: 'development',
});
