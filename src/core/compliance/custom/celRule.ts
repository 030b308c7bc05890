import { Environment } from '@marcbachmann/cel-js';
import type { ParseResult } from '@marcbachmann/cel-js';
import { EvidentError, messageOf } from '../../errors.ts';
import { CelMeter } from './celMeter.ts';
import type { Charge } from './celMeter.ts';
import { unsafeRegexReason } from './regexSafety.ts';

/** Most rules in a custom type. */
export const MAX_RULES = 50;
/** Longest rule, in characters. */
export const MAX_RULE_LENGTH = 2000;

const LIMITS = {
  limits: { maxAstNodes: 1000, maxDepth: 48, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 },
};

/** A CEL environment whose evaluation is metered, and what its rules belong to (for messages). */
export interface CelDialect {
  readonly owner: string;
  readonly environment: Environment;
}

/**
 * The CEL environment of custom type rules: `data` (the attestation's JSON data: objects are maps,
 * numbers are doubles as in CEL's JSON mapping, so write `80.0` or compare with `>=`) and `evidence`
 * (the attached files as `{name, sha256}` maps). Parse-time limits keep expressions small.
 */
export const CUSTOM_TYPE_RULES: CelDialect = metered(
  'custom type',
  new Environment(LIMITS)
    .registerVariable('data', 'dyn', { description: 'The JSON data sent with the attestation' })
    .registerVariable('evidence', 'list<map<string, string>>', {
      description: 'The evidence files attached to the attestation: {name, sha256}',
    }),
  { data: null, evidence: [] },
);

/**
 * The CEL environment of environment policy conditions (`if:` and `exceptions:`): the facts about
 * one artifact running in an environment, as maps — `artifact` {name, fingerprint, instances},
 * `environment` {name, type}, `flow` {name, description} and `trail` {name, commit, branch}
 * (empty maps when the artifact has no provenance).
 */
export const POLICY_CONDITIONS: CelDialect = metered(
  'policy',
  new Environment(LIMITS)
    .registerVariable('artifact', 'map<string, dyn>', { description: 'The running artifact' })
    .registerVariable('environment', 'map<string, dyn>', { description: 'The environment' })
    .registerVariable('flow', 'map<string, dyn>', { description: "The artifact's flow" })
    .registerVariable('trail', 'map<string, dyn>', { description: 'The trail that built it' }),
  { artifact: {}, environment: {}, flow: {}, trail: {} },
);

/** The variables a rule is evaluated with (those its dialect declares). */
export type RuleContext = Readonly<Record<string, unknown>>;

export interface CompiledRule {
  /** 1-based position in `rules:`. */
  readonly number: number;
  readonly source: string;
  readonly program: ParseResult;
  /** Nodes whose values are charged to the meter beyond one unit (celMeter.ts). */
  readonly charges: ReadonlyMap<object, Charge>;
}

// --- Metering hook -------------------------------------------------------------------------------
// cel-js evaluates every child node through `evaluator.run(node, ctx)`. The evaluator is private to
// the Environment, so it is captured once by evaluating a probe expression whose root node reports
// the evaluator it is given; its `run` is then wrapped to charge the active meter. If a future
// version of the library changes this, the module fails to load rather than run rules unbounded.

interface EvaluatorLike {
  run(node: object, context: unknown): unknown;
}
interface NodeLike {
  evaluate(evaluator: EvaluatorLike, node: object, context: unknown): unknown;
}

let active: { readonly meter: CelMeter; readonly charges: ReadonlyMap<object, Charge> } | undefined;

/** Wraps the evaluator of `environment` to charge the active meter; returns the dialect. */
function metered(owner: string, environment: Environment, probeContext: RuleContext): CelDialect {
  const probe = environment.parse('true');
  const root = probe.ast as unknown as NodeLike;
  const original = root.evaluate.bind(root);
  let captured: EvaluatorLike | undefined;
  root.evaluate = (evaluator, node, context) => {
    captured = evaluator;
    return original(evaluator, node, context);
  };
  probe(probeContext);
  const evaluator = captured;
  if (evaluator === undefined || typeof evaluator.run !== 'function') {
    throw new Error('@marcbachmann/cel-js changed its evaluator: CEL rules cannot be metered');
  }
  const run = evaluator.run.bind(evaluator);
  evaluator.run = (node, context) => {
    const current = active;
    if (current === undefined) return run(node, context);
    current.meter.enter();
    const value = run(node, context);
    const charge = current.charges.get(node);
    if (charge !== undefined) current.meter.charge(charge, value);
    return value;
  };
  return { owner, environment };
}

// --- Compilation ---------------------------------------------------------------------------------

interface RawNode {
  readonly op: string;
  readonly args: unknown;
}

function isNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string';
}

function nodesIn(args: unknown): RawNode[] {
  if (isNode(args)) return [args];
  if (!Array.isArray(args)) return [];
  return (args as unknown[]).flatMap((arg) => (isNode(arg) ? [arg] : Array.isArray(arg) ? nodesIn(arg) : []));
}

/** Operators that walk their operands (equality and `in` compare deeply; `+` copies). */
const WALKING_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', '%']);
/** Calls that do not walk their arguments: macros (charged per step) and O(1) functions. */
const CHEAP_CALLS = new Set(['has', 'all', 'exists', 'exists_one', 'map', 'filter', 'bind', 'size', 'dyn']);
const PRIORITY: Record<Charge, number> = { operand: 1, built: 2, matchSubject: 3 };

function clip(text: string, length = 120): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export function ruleLabel(number: number, source: string): string {
  return `rule ${number} (${JSON.stringify(clip(source.trim()))})`;
}

function badRule(owner: string, number: number, source: string, problem: string): never {
  throw new EvidentError('bad_request', `${owner}: ${ruleLabel(number, source)} ${problem}`, {
    rule: number,
  });
}

function checkMatchesPattern(
  owner: string,
  number: number,
  source: string,
  pattern: RawNode | undefined,
): void {
  if (pattern?.op !== 'value' || typeof pattern.args !== 'string') {
    badRule(owner, number, source, 'calls matches() with a pattern that is not a string literal');
  }
  try {
    new RegExp(pattern.args);
  } catch (error) {
    badRule(owner, number, source, `has an invalid regular expression: ${messageOf(error)}`);
  }
  const unsafe = unsafeRegexReason(pattern.args);
  if (unsafe !== undefined)
    badRule(owner, number, source, `has a regular expression that is refused: ${unsafe}`);
}

/** Which nodes are charged how, and the static checks on `matches()` patterns. */
function chargesOf(owner: string, number: number, source: string, root: unknown): Map<object, Charge> {
  const charges = new Map<object, Charge>();
  const mark = (node: RawNode | undefined, charge: Charge): void => {
    if (node === undefined) return;
    const previous = charges.get(node);
    if (previous === undefined || PRIORITY[charge] > PRIORITY[previous]) charges.set(node, charge);
  };
  const stack: unknown[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isNode(node)) continue;
    const children = nodesIn(node.args);
    stack.push(...children);
    if (WALKING_OPERATORS.has(node.op)) {
      for (const child of children) mark(child, 'operand');
      if (node.op === '+') mark(node, 'built');
    } else if ((node.op === 'call' || node.op === 'rcall') && Array.isArray(node.args)) {
      const name: unknown = node.args[0];
      if (typeof name !== 'string' || CHEAP_CALLS.has(name)) continue;
      for (const child of children) mark(child, 'operand');
      mark(node, 'built');
      if (name === 'matches') {
        const [subject, pattern] =
          node.op === 'rcall' ? [children[0], nodesIn(node.args[2])[0]] : nodesIn(node.args[1]);
        mark(subject, 'matchSubject');
        checkMatchesPattern(owner, number, source, pattern);
      }
    }
  }
  return charges;
}

/**
 * Compiles rule `number` (1-based) of `dialect`: length bound, CEL syntax, types (a rule must be `bool`, or `dyn`
 * when it depends on `data`, checked again at run time), and `matches()` patterns. Throws
 * EvidentError('bad_request') naming the rule.
 */
export function compileRule(
  number: number,
  source: string,
  dialect: CelDialect = CUSTOM_TYPE_RULES,
): CompiledRule {
  const { owner } = dialect;
  if (source.trim() === '') badRule(owner, number, source, 'is empty');
  if (source.length > MAX_RULE_LENGTH)
    badRule(owner, number, source, `is longer than ${MAX_RULE_LENGTH} characters`);
  let program: ParseResult;
  try {
    program = dialect.environment.parse(source);
  } catch (error) {
    badRule(owner, number, source, `does not compile: ${summaryOf(error)}`);
  }
  const checked = program.check();
  if (!checked.valid) badRule(owner, number, source, `does not type-check: ${summaryOf(checked.error)}`);
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    badRule(owner, number, source, `must be a boolean expression, but has type ${checked.type ?? 'unknown'}`);
  }
  return { number, source, program, charges: chargesOf(owner, number, source, program.ast) };
}

/** The one-line summary of a cel-js error (its message adds a source excerpt over several lines). */
export function summaryOf(error: unknown): string {
  const summary = (error as { summary?: unknown } | undefined)?.summary;
  const text = typeof summary === 'string' ? summary : messageOf(error);
  return clip(text.split('\n')[0] ?? '', 300);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `the int ${value}`;
  if (typeof value === 'number') return `the double ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(clip(value, 40))}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map or object';
  return `a value of type ${typeof value}`;
}

/** The result of one rule: undefined when it holds, else why not (one sentence). */
export function runRule(rule: CompiledRule, context: RuleContext, meter: CelMeter): string | undefined {
  const label = ruleLabel(rule.number, rule.source);
  const previous = active;
  active = { meter, charges: rule.charges };
  let value: unknown;
  let failure: unknown;
  let failed = false;
  try {
    value = rule.program(context);
  } catch (error) {
    failed = true;
    failure = error;
  } finally {
    active = previous;
  }
  if (meter.problem !== undefined) return `${label} was stopped: ${meter.problem}.`;
  if (failed) return `${label} could not be evaluated: ${summaryOf(failure)}.`;
  if (typeof value !== 'boolean') return `${label} returned ${describeValue(value)}, not true or false.`;
  return value ? undefined : `${label} is false.`;
}
