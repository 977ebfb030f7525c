const path = require('node:path');
const { nodeBundle } = require('../node-bundle.webpack.cjs');

/** `npm run api-docs` bundles its TypeScript entry like the other Node programs, then runs it. */
module.exports = nodeBundle({
  context: __dirname,
  entry: { 'write-api-docs': './write-api-docs.ts' },
  outputPath: path.resolve(__dirname, 'dist'),
  mode: 'development',
});
