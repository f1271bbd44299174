import { readFileSync } from 'node:fs';

interface PackageJson {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
}

/** Read once from the package's own package.json, so the version cannot drift from the release. */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;

export const PACKAGE_NAME = pkg.name;
export const VERSION = pkg.version;
/** The TypeScript versions supported, as the peer dependency states them (`>=4.8.4 <6.1.0`). */
export const TYPESCRIPT_RANGE = pkg.peerDependencies?.['typescript'] ?? '';
