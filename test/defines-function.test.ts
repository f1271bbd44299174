/**
 * The text scan that lets the index of invocations skip parsing a handler file: it answers yes
 * only when the file defines the export as a function of its own; otherwise the file's facts decide.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definesFunction } from '../src/project/project.js';
import { writeProject } from './helpers/project.js';

describe('definesFunction', () => {
  const dir = writeProject({
    'a.ts': 'export const handler = async (event: SQSEvent): Promise<void> => {};\n',
    'b.ts': 'export async function handler(event) {}\n',
    'c.js': 'exports.handler = async function (event) {};\nmodule.exports.other = (e) => e;\n',
    'd.ts': 'export const handler = middy(main);\n',
    'e.ts': "export { handler } from './impl';\n",
    'f.ts': 'export const handler = createHandler(container);\n',
    'g.py': 'import json\n\nasync def lambda_handler(event, context):\n    return None\n',
    'h.py': 'from .app import lambda_handler\n',
    'i.ts': 'export const $handler = async () => {};\n',
    'j.ts': 'export const handlerX = async () => {};\n',
  });
  const at = (f: string): string => path.join(dir, f);

  it('yes for a function the file defines and exports (ESM, CommonJS, Python), with types and async', () => {
    expect(definesFunction(at('a.ts'), 'handler')).toBe(true);
    expect(definesFunction(at('b.ts'), 'handler')).toBe(true);
    expect(definesFunction(at('c.js'), 'handler')).toBe(true);
    expect(definesFunction(at('c.js'), 'other')).toBe(true);
    expect(definesFunction(at('g.py'), 'lambda_handler')).toBe(true);
    expect(definesFunction(at('i.ts'), '$handler')).toBe(true);
  });

  it('no for a wrapped, factory-made or re-exported handler, another name, or a file that is not there', () => {
    expect(definesFunction(at('d.ts'), 'handler')).toBe(false);
    expect(definesFunction(at('e.ts'), 'handler')).toBe(false);
    expect(definesFunction(at('f.ts'), 'handler')).toBe(false);
    expect(definesFunction(at('h.py'), 'lambda_handler')).toBe(false);
    expect(definesFunction(at('j.ts'), 'handler')).toBe(false);
    expect(definesFunction(at('missing.ts'), 'handler')).toBe(false);
    expect(definesFunction(at('a.ts'), 'a.b')).toBe(false);
  });
});
