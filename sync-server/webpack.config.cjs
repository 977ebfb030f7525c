const path = require('node:path');
const { nodeBundle } = require('../scripts/node-bundle.webpack.cjs');

module.exports = (_env, argv) =>
  nodeBundle({
    context: __dirname,
    // store-worker.js: the embedded store's worker thread (src/store/worker/worker-store.ts loads it from beside main.js).
    // notifier.js: the notification service as its own process ([NT14], docs/architecture.md).
    entry: {
      main: './src/main.ts',
      'store-worker': './src/store/worker/store-worker-entry.ts',
      notifier: './src/notifier/notifier-main.ts',
    },
    outputPath: path.resolve(__dirname, 'dist'),
    mode: argv.mode ?? 'production',
  });
