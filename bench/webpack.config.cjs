const path = require('node:path');
const { nodeBundle } = require('../scripts/node-bundle.webpack.cjs');

/** The benchmark runner, the peer server and the single-push CPU harness. */
module.exports = nodeBundle({
  context: __dirname,
  entry: { bench: './src/main.ts', 'peer-server': './src/peer-server.ts', 'single-push-cpu': './src/single-push-cpu.ts' },
  outputPath: path.resolve(__dirname, 'dist'),
});
