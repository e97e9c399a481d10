import packageJson from '../package.json' with { type: 'json' }

/** This package's version. */
export const SERVER_VERSION: string = packageJson.version
