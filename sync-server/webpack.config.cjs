const path = require('node:path');

/** Bundles the server with `shared` inlined; npm packages stay external and load from node_modules. */
module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  target: 'node20',
  entry: { main: './src/main.ts' },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: true },
  devtool: 'source-map',
  node: { __dirname: false, __filename: false },
  optimization: { minimize: false },
  resolve: { extensions: ['.ts', '.js'] },
  externalsType: 'commonjs',
  externals: [
    ({ request }, callback) => {
      if (request && !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('@tasklane/')) {
        return callback(null, request);
      }
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
