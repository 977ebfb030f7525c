/** Set by webpack's DefinePlugin: true in development builds only. */
declare const __DEV__: boolean;
