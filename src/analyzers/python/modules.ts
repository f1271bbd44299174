/**
 * Where Python modules are, by the paths the language names them with: a module path
 * (\`orders.app\`) is a file (\`orders/app.py\`) or a package (\`orders/app/__init__.py\`). Used
 * for handler paths (\`Handler: orders.app.lambda_handler\`) and for imports between modules.
 */
import path from 'node:path';

/** The files a module at \`base\` (a path without \`.py\`) can be: \`<base>.py\`, or the package \`<base>/__init__.py\`. */
export function pythonModuleFiles(base: string): string[] {
  return [`${base}.py`, path.join(base, '__init__.py')];
}

/**
 * The paths (without \`.py\`) a Python import can name, from the importing module \`file\`:
 * \`.util\` and \`..shared.util\` relative to its package; an absolute \`orders.store\` from its
 * folder and each folder above it (the code's root is on Lambda's path; how far up it is, the
 * module does not say).
 */
export function pythonModuleBases(file: string, module: string): string[] {
  const dots = /^\.*/u.exec(module)?.[0].length ?? 0;
  const parts = module.slice(dots).split('.').filter((p) => p !== '');
  let dir = path.dirname(file);
  if (dots > 0) {
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    return [path.join(dir, ...parts)];
  }
  const out: string[] = [];
  for (let d = dir, n = 0; n < 8; d = path.dirname(d), n++) {
    out.push(path.join(d, ...parts));
    if (path.dirname(d) === d) break;
  }
  return out;
}

/** Modules of Python's standard library and the libraries every Lambda has, which are never the project's. */
const PYTHON_LIBRARY = new RegExp(
  `^(?:${[
    // The standard library (the modules handlers use).
    'os|sys|json|re|time|datetime|uuid|logging|typing|typing_extensions|dataclasses|enum|collections|functools|itertools|base64|hashlib|math|random|decimal',
    'asyncio|concurrent|threading|multiprocessing|queue|subprocess|urllib|http|io|pathlib|traceback|copy|abc|contextlib|socket|ssl|gzip|zipfile|tarfile|zlib|lzma|bz2',
    'csv|tempfile|shutil|glob|fnmatch|string|textwrap|struct|pickle|operator|inspect|importlib|types|weakref|heapq|bisect|statistics|secrets|hmac|email|smtplib',
    'html|xml|sqlite3|calendar|zoneinfo|argparse|platform|pprint|warnings|signal|atexit|contextvars|numbers|codecs|unicodedata|ipaddress|mimetypes|errno|gc',
    // What every Lambda has, and the libraries handlers call.
    'boto3|botocore|aioboto3|aws_lambda_powertools|pydantic|requests|httpx|urllib3|aiohttp',
  ].join('|')})(?:\\.|$)`,
  'u',
);

export function isPythonLibrary(module: string): boolean {
  return PYTHON_LIBRARY.test(module);
}
