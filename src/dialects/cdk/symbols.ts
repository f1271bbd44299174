/**
 * Naming CDK constructs the same way whatever the import style: `aws-cdk-lib/aws-lambda-event-sources`
 * + `SqsEventSource`, `aws-cdk-lib` + `aws_lambda_event_sources.SqsEventSource` and the CDK v1
 * package `@aws-cdk/aws-lambda-event-sources` all become `aws-lambda-event-sources.SqsEventSource`.
 */
import type { Node } from '../../core/ast.js';
import type { SymbolTable, ImportedSymbol } from '../../core/symbols.js';
import { libraryOf } from './catalog.js';

export function cdkName(symbol: ImportedSymbol): string | undefined {
  const { module, path } = symbol;
  let submodule: string;
  let rest: string[];
  if (module === 'aws-cdk-lib') {
    const first = path[0];
    if (first === undefined) return undefined;
    if (first.startsWith('aws_')) {
      submodule = first.replace(/_/gu, '-');
      rest = path.slice(1);
    } else {
      submodule = 'core';
      rest = path;
    }
  } else if (module.startsWith('aws-cdk-lib/')) {
    submodule = module.slice('aws-cdk-lib/'.length);
    rest = path;
  } else if (module.startsWith('@aws-cdk/')) {
    submodule = module.slice('@aws-cdk/'.length);
    rest = path;
  } else if (libraryOf(module) !== undefined) {
    // A catalogued construct library: its classes by name, whichever of its modules exports them.
    submodule = libraryOf(module) as string;
    rest = path;
  } else {
    return undefined;
  }
  return rest.length === 0 ? submodule : `${submodule}.${rest.join('.')}`;
}

/** The canonical CDK name of the construct or function an expression refers to, if any. */
export function resolveCdkName(expression: Node, symbols: SymbolTable): string | undefined {
  const symbol = symbols.resolveImport(expression);
  return symbol ? cdkName(symbol) : undefined;
}
