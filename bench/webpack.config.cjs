const path = require('node:path');
const { nodeBundle } = require('../scripts/node-bundle.webpack.cjs');

/** The benchmark runner and the peer server. */
module.exports = nodeBundle({
  context: __dirname,
  entry: { bench: './src/main.ts', 'peer-server': './src/peer-server.ts' },
  outputPath: path.resolve(__dirname, 'dist'),
});
