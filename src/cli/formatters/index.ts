import type { AnalyzeResult } from '../../api.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export interface FormatContext {
  cwd: string;
  /** What CI formats (SARIF, GitHub annotations) name files from: the repository root (see `reportRoot`). */
  root: string;
  color: boolean;
}

export type Formatter = (result: AnalyzeResult, context: FormatContext) => string;

export const formatters: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gitlab: formatGitlab,
};
