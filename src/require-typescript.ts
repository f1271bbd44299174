/**
 * Imported first by the ESLint plugin and the programmatic API: a missing or unsupported
 * TypeScript is reported by name and range before the parser is loaded (and would crash on it).
 */
import { assertTypeScript } from './typescript-check.js';

assertTypeScript();
