import type { Formatter } from './index.js';

/** ESLint's JSON results format, byte for byte in shape. */
export const formatJson: Formatter = (result) => JSON.stringify(result.results);
