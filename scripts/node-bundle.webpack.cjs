const path = require('node:path');

/**
 * webpack config for a Node program of ours (the server, the benchmark, the
 * chaos CLI): our TypeScript — the @tasklane/* workspaces included — is bundled through swc; npm
 * packages stay external and load from node_modules at run time.
 */
function nodeBundle({ context, entry, outputPath, mode = 'production', sourceRelativeDirname = false }) {
  return {
    mode,
    context,
    target: 'node20',
    entry,
    output: { path: outputPath, filename: '[name].js', clean: true },
    devtool: 'source-map',
    // false: __dirname is where the bundle runs; true: the source file's folder relative to `context`.
    node: { __dirname: sourceRelativeDirname, __filename: sourceRelativeDirname },
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
}

module.exports = { nodeBundle };
