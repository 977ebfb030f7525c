/** Set by webpack's DefinePlugin: true in development builds only. */
declare const __DEV__: boolean;

/** Set by webpack's DefinePlugin: the root package.json version, shown in the About line. */
declare const __APP_VERSION__: string;
