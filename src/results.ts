/**
 * Results in ESLint's format (https://eslint.org/docs/latest/use/formatters/#json), so every
 * tool that reads ESLint results reads ours.
 */
export type NumericSeverity = 1 | 2;

export interface LintSuggestion {
  desc: string;
  messageId?: string;
  fix: { range: [number, number]; text: string };
}

export interface LintMessage {
  ruleId: string | null;
  severity: NumericSeverity;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  messageId?: string;
  fatal?: boolean;
  suggestions?: LintSuggestion[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: [];
}

export function makeResult(filePath: string, messages: LintMessage[], suppressedMessages: LintMessage[] = []): LintResult {
  messages.sort((a, b) => a.line - b.line || a.column - b.column || String(a.ruleId).localeCompare(String(b.ruleId)));
  return {
    filePath,
    messages,
    suppressedMessages,
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

export function fatalResult(filePath: string, message: string, line = 1, column = 1): LintResult {
  return makeResult(filePath, [{ ruleId: null, fatal: true, severity: 2, message, line, column }]);
}
