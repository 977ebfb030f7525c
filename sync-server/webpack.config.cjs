const path = require('node:path');
const { nodeBundle } = require('../scripts/node-bundle.webpack.cjs');

module.exports = (_env, argv) =>
  nodeBundle({
    context: __dirname,
    entry: { main: './src/main.ts' },
    outputPath: path.resolve(__dirname, 'dist'),
    mode: argv.mode ?? 'production',
  });
