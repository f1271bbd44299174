/**
 * The CloudFormation and SAM adapter: `.yaml`, `.yml`, `.json` and `.template` files whose root
 * has a `Resources` section of AWS resources (or `AWSTemplateFormatVersion`, or the SAM
 * transform). Other YAML and JSON files (package.json, CI workflows) are skipped silently; a
 * template that cannot be parsed is a fatal message on that file.
 */
import path from 'node:path';
import { factsOf, type AdapterOutcome, type DialectAdapter } from '../adapter.js';
import { emptyInfra, ResourceReader, TreeValues } from './cloudformation.js';
import { lineCommentDirectives } from '../source-text.js';
import { get, parseYamlTree, stringOf, type TEntry, type TMap, type TNode } from '../yaml/yaml-tree.js';
import type { InfraFacts } from '../../model/facts.js';
import { isServerlessConfig } from '../serverless/yaml.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);

/** Text only a template contains: checked before parsing, so other YAML/JSON files cost a scan. */
const MARKERS = ['AWS::', 'AWSTemplateFormatVersion'];

/** Text that makes a file that fails to parse worth a fatal message (it was meant as a template). */
const TEMPLATE_SIGNS = /AWSTemplateFormatVersion|AWS::Serverless|^\s*"?Resources"?\s*:/mu;

export const templateAdapter: DialectAdapter = {
  name: 'CloudFormation/SAM',
  claims: (file) => EXTENSIONS.has(path.extname(file).toLowerCase()) && !isServerlessConfig(file),
  markers: MARKERS,
  read: readTemplate,
};

function readTemplate(file: string, text: string): AdapterOutcome {
  if (!MARKERS.some((m) => text.includes(m))) return { kind: 'skip' };
  // YAML as PyYAML reads it (what SAM CLI and cfn-lint do); JSON as JSON.
  const parsed = parseYamlTree(text, { scalars: path.extname(file).toLowerCase() === '.json' ? 'core' : 'yaml-1.1' });
  if (!parsed.ok) {
    const assembled = assembledFrom(file, text);
    if (assembled) return { kind: 'facts', facts: factsOf(assembled), directives: lineCommentDirectives(text) };
    return TEMPLATE_SIGNS.test(text) ? { kind: 'fatal', message: `Parsing error: ${parsed.message}`, line: parsed.line, column: parsed.column } : { kind: 'skip' };
  }
  const root = parsed.root;
  const resources = get(root, 'Resources');
  if (!isTemplate(root) || resources?.kind !== 'map') return { kind: 'skip' };
  const infra = emptyInfra();
  const sam = transforms(get(root, 'Transform')).some((t) => t.startsWith('AWS::Serverless'));
  const reader = new ResourceReader(
    { file, values: new TreeValues(parsed.lines), dialect: sam ? 'sam' : 'cloudformation', globals: get(root, 'Globals') },
    infra,
    resources,
  );
  reader.read();
  reader.noteOtherReferences(get(root, 'Outputs'));
  infra.template = provenance(resources, get(get(get(root, 'Globals'), 'Function'), 'CodeUri'));
  return { kind: 'facts', facts: factsOf(infra), directives: lineCommentDirectives(text) };
}

/** `Resources: !Tag …`: the section given as one tagged value. */
const ASSEMBLED_RESOURCES = /^Resources:[ \t]*!([A-Za-z][\w.-]*)[ \t]/mu;

/** An assembling template parsed with its one custom tag allowed, or `undefined`. */
function parseAssembling(text: string): ReturnType<typeof parseYamlTree> | undefined {
  const tagged = ASSEMBLED_RESOURCES.exec(text);
  if (!tagged) return undefined;
  const parsed = parseYamlTree(text, { scalars: 'yaml-1.1', allowTags: (t) => t === `!${tagged[1] as string}` });
  return parsed.ok ? parsed : undefined;
}

/**
 * A template whose `Resources` a project's own build step assembles from other files: the
 * section is one custom tag whose value lists YAML files (`Resources: !YAMLInclude ./a.yaml,
 * ./b.yaml#FLAG`), each a template of its own whose `Resources` the step copies in. What the
 * build writes is that template with those resources, so each listed file's functions take this
 * template's `Globals` and code folder (see {@link readTemplateFragment}). Anything else a tag
 * CloudFormation does not know stays a parsing error.
 */
function assembledFrom(file: string, text: string): InfraFacts | undefined {
  const parsed = parseAssembling(text);
  if (!parsed?.ok || !isTemplate(parsed.root)) return undefined;
  const listed = stringOf(get(parsed.root, 'Resources'));
  if (listed === undefined) return undefined;
  const fragments = listed.split(',').map((item) => item.trim().replace(/#[\w-]*$/u, ''));
  if (fragments.length === 0 || !fragments.every((f) => /^[^\s#]+\.ya?ml$/iu.test(f) && !path.isAbsolute(f))) return undefined;
  const infra = emptyInfra();
  infra.template = { resourceIds: [], fragments: fragments.map((f) => path.resolve(path.dirname(file), f)) };
  return infra;
}

/**
 * A template listed by an assembling template ({@link assembledFrom}), read as part of it: its
 * resources with the assembling template's `Globals` (whose settings a finding shows on the
 * function they reach), transform and code folder. `undefined` when either does not parse.
 */
export function readTemplateFragment(file: string, text: string, assemblerFile: string, assemblerText: string): InfraFacts | undefined {
  const parsed = parseYamlTree(text, { scalars: 'yaml-1.1' });
  const assembler = parseAssembling(assemblerText);
  if (!parsed.ok || !assembler?.ok) return undefined;
  const resources = get(parsed.root, 'Resources');
  if (!isTemplate(parsed.root) || resources?.kind !== 'map') return undefined;
  const infra = emptyInfra();
  const sam = [get(parsed.root, 'Transform'), get(assembler.root, 'Transform')].some((t) => transforms(t).some((name) => name.startsWith('AWS::Serverless')));
  const globals = get(assembler.root, 'Globals');
  const reader = new ResourceReader(
    { file, values: new TreeValues(parsed.lines), dialect: sam ? 'sam' : 'cloudformation', globals, globalsElsewhere: true, codeBase: path.dirname(assemblerFile) },
    infra,
    resources,
  );
  reader.read();
  reader.noteOtherReferences(get(parsed.root, 'Outputs'));
  infra.template = provenance(resources, get(get(globals, 'Function'), 'CodeUri'));
  return infra;
}

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);

/** Whether a template was made from another source: synthesised by CDK, or packaged (its code uploaded to S3). */
function provenance(resources: TMap, globalCodeUri: TNode | undefined): NonNullable<InfraFacts['template']> {
  const resourceIds = resources.entries.map((e) => e.key);
  const functions = resources.entries.filter((e) => FUNCTION_TYPES.has(stringOf(get(e.value, 'Type')) ?? ''));
  const cdkPaths = resources.entries.map((e) => stringOf(get(get(e.value, 'Metadata'), 'aws:cdk:path'))).filter((p): p is string => p !== undefined);
  if (cdkPaths.length > 0) {
    // `Stack/Worker/Resource`: the function's construct id is the segment before `Resource`.
    const cdkConstructIds = functions
      .map((e) => stringOf(get(get(e.value, 'Metadata'), 'aws:cdk:path'))?.split('/'))
      .map((parts) => (parts && parts.at(-1) === 'Resource' ? parts.at(-2) : parts?.at(-1)))
      .filter((id): id is string => id !== undefined);
    return { resourceIds, derived: 'cdk-synth', cdkConstructIds };
  }
  const inS3 = (e: TEntry): boolean => {
    const props = get(e.value, 'Properties');
    const sam = stringOf(get(e.value, 'Type')) === 'AWS::Serverless::Function';
    const code = get(props, sam ? 'CodeUri' : 'Code') ?? (sam ? globalCodeUri : undefined);
    if (code === undefined) return false;
    const uri = stringOf(code);
    return uri !== undefined ? uri.startsWith('s3://') : get(code, 'Bucket') !== undefined || get(code, 'S3Bucket') !== undefined;
  };
  return functions.length > 0 && functions.every(inS3) ? { resourceIds, derived: 'packaged' } : { resourceIds };
}

function isTemplate(root: TNode | undefined): boolean {
  if (root?.kind !== 'map') return false;
  if (get(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  const resources = get(root, 'Resources');
  return resources?.kind === 'map' && resources.entries.some((e) => /^(AWS|Custom)::/u.test(stringOf(get(e.value, 'Type')) ?? ''));
}

function transforms(node: TNode | undefined): string[] {
  if (node?.kind === 'seq') return node.items.map(stringOf).filter((s): s is string => s !== undefined);
  const s = stringOf(node);
  return s === undefined ? [] : [s];
}
