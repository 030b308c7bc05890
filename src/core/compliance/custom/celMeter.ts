/**
 * A deterministic cost budget for CEL evaluation. @marcbachmann/cel-js bounds expressions at parse
 * time (AST nodes, nesting) but has no run-time limit, and nested comprehensions, list or string
 * concatenation in `cel.bind` chains and deep equality can make a short rule run for minutes or
 * exhaust memory. The meter charges one unit per evaluated node plus, for values that an operation
 * has to walk or build, their size; evaluation stops (with an error, checked after the run) when the
 * budget is spent. No clock is involved, so a verdict is reproducible.
 */

/** Units a whole evaluation (every rule of a custom type, on one attestation) may spend. */
export const EVALUATION_BUDGET = 2_000_000;
/** Characters of text that cost one unit. */
const CHARS_PER_UNIT = 32;
/** Largest string a rule may build. */
export const MAX_BUILT_STRING = 1024 * 1024;
/** Longest list or map a rule may build. */
export const MAX_BUILT_LIST = 100_000;
/** Longest string `matches()` runs against (backtracking regular expressions, see regexSafety.ts). */
export const MAX_MATCH_SUBJECT = 4096;

/** Thrown into the CEL evaluator when a limit is hit; the meter remembers it, so it cannot be lost. */
export class CelLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelLimitError';
  }
}

/**
 * The size of a value in cost units: one per list element or map entry and per started 32
 * characters of text or bytes, walked deeply (equality, `in` and `join` touch nested values), and
 * only as far as `limit`.
 */
export function sizeInUnits(value: unknown, limit: number): number {
  let units = 0;
  const stack: unknown[] = [value];
  for (let current = stack.pop(); current !== undefined && units <= limit; current = stack.pop()) {
    if (typeof current === 'string') units += Math.ceil(current.length / CHARS_PER_UNIT);
    else if (current instanceof Uint8Array) units += Math.ceil(current.length / CHARS_PER_UNIT);
    else if (Array.isArray(current)) {
      units += current.length;
      for (const element of current as unknown[]) stack.push(element);
    } else if (current instanceof Map) {
      units += current.size;
      for (const element of current.values() as Iterable<unknown>) stack.push(element);
    } else if (current instanceof Set) {
      units += current.size;
    } else if (current !== null && typeof current === 'object' && !(current instanceof Date)) {
      const values = Object.values(current) as unknown[];
      units += values.length;
      for (const element of values) stack.push(element);
    }
  }
  return units;
}

function builtSizeProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > MAX_BUILT_STRING) {
    return `it built a string longer than ${MAX_BUILT_STRING} characters`;
  }
  if (Array.isArray(value) && value.length > MAX_BUILT_LIST) {
    return `it built a list longer than ${MAX_BUILT_LIST} elements`;
  }
  if (value instanceof Map && value.size > MAX_BUILT_LIST) {
    return `it built a map larger than ${MAX_BUILT_LIST} entries`;
  }
  return undefined;
}

/** How a node's value is charged beyond one unit, decided when the rule is compiled (celRule.ts). */
export type Charge =
  /** Its value is an operand that the parent operation walks: charge its size. */
  | 'operand'
  /** Its value may be newly built (`+`, function calls): charge its size and bound it. */
  | 'built'
  /** The subject of `matches()`: bounded in length, and charged as an operand. */
  | 'matchSubject';

export class CelMeter {
  #spent = 0;
  #problem: string | undefined;

  constructor(readonly budget: number = EVALUATION_BUDGET) {}

  /** What stopped evaluation, or undefined. */
  get problem(): string | undefined {
    return this.#problem;
  }

  get spent(): number {
    return this.#spent;
  }

  #fail(problem: string): never {
    this.#problem ??= problem;
    throw new CelLimitError(problem);
  }

  /** Before a node is evaluated. */
  enter(): void {
    if (this.#problem !== undefined) this.#fail(this.#problem);
    this.#spent += 1;
    if (this.#spent > this.budget)
      this.#fail(`it exceeded the evaluation budget (${this.budget} cost units)`);
  }

  /** After a node is evaluated, with its value. */
  charge(charge: Charge, value: unknown): void {
    if (charge === 'matchSubject' && typeof value === 'string' && value.length > MAX_MATCH_SUBJECT) {
      this.#fail(`matches() was given a string longer than ${MAX_MATCH_SUBJECT} characters`);
    }
    if (charge === 'built') {
      const problem = builtSizeProblem(value);
      if (problem !== undefined) this.#fail(problem);
    }
    this.#spent += sizeInUnits(value, this.budget - this.#spent);
    if (this.#spent > this.budget)
      this.#fail(`it exceeded the evaluation budget (${this.budget} cost units)`);
  }
}
