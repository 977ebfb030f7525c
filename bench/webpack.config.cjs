const path = require('node:path');

/** The benchmark runner and the peer server, for Node; npm packages load from node_modules. */
module.exports = {
  mode: 'production',
  context: __dirname,
  target: 'node20',
  entry: { bench: './src/main.ts', 'peer-server': './src/peer-server.ts' },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: true },
  devtool: 'source-map',
  node: { __dirname: false, __filename: false },
  optimization: { minimize: false },
  resolve: { extensions: ['.ts', '.tsx', '.js'] },
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
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: { loader: 'swc-loader', options: { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } } },
      },
    ],
  },
};
