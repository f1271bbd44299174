import { readFileSync } from 'node:fs';

interface PackageJson {
  name: string;
  version: string;
}

/** Read once from the package's own package.json, so the version cannot drift from the release. */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;

export const PACKAGE_NAME = pkg.name;
export const VERSION = pkg.version;
