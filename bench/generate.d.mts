/** Types for generate.mjs (used by the tests). */
export interface GeneratedProject {
  functions: number;
  /** Of which in the CDK apps (the rest are SAM, Serverless and Terraform services). */
  cdkFunctions: number;
  /** Of the services' functions, how many have Python handlers (with the same mistakes). */
  pythonFunctions: number;
  apps: string[];
  /** Rule id → the number of findings the generated mistakes must produce. */
  expected: Record<string, number>;
  files: number;
}

export function generate(dir: string, n: number, seed?: number, options?: { dialectShare?: number; pythonEvery?: number }): GeneratedProject;

/** A seeded generator of numbers in [0, 1). */
export function random(seed: number): () => number;
