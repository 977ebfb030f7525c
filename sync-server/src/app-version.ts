import rootPackage from '../../package.json';

/** The release version: the root package.json's, bundled in at build time. */
export const APP_VERSION: string = rootPackage.version;
