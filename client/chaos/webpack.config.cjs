const path = require('node:path');

/**
 * Builds the chaos CLI (`npm run fuzz`) for Node, like the server's bench:
 * our TypeScript (client, shared, test support) is bundled; npm packages stay
 * external and load from node_modules.
 */
module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'development',
  target: 'node20',
  entry: { fuzz: './client/chaos/fuzz-cli.ts', 'device-host': './client/chaos/device-host-process.ts' },
  context: path.resolve(__dirname, '../..'),
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: true },
  devtool: 'source-map',
  // Source-relative __dirname (from the repository root, where npm runs scripts): test support finds sync-server/dist/main.js.
  node: { __dirname: true, __filename: true },
  optimization: { minimize: false },
  resolve: { extensions: ['.ts', '.js'] },
  externalsType: 'commonjs',
  externals: [
    ({ request }, callback) => {
      if (request && !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('@tasklane/')) return callback(null, request);
      return callback();
    },
  ],
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: 'swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } } },
      },
    ],
  },
});
