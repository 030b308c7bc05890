import type { EvidenceFile } from '../evaluation.ts';
import { describeValue, invalidEvidence, isJsonObject, type JsonObject } from '../evidenceJson.ts';
import { securitySeverityBucket, type SecuritySeverityBucket } from './securitySeverity.ts';

/**
 * The facts of a SARIF 2.1.0 log (OASIS SARIF v2.1.0, "§" below) that compliance needs: for every
 * result its kind, effective level, suppression state and its rule's security severity. Shared by
 * the `sarif` evaluator and the `snyk` evaluator (Snyk's `--sarif` output).
 */

/** §3.27.10 result levels, least severe first. */
export const SARIF_LEVELS = ['none', 'note', 'warning', 'error'] as const;
export type SarifLevel = (typeof SARIF_LEVELS)[number];

/** §3.27.9 result kinds. */
const SARIF_KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] as const;
export type SarifKind = (typeof SARIF_KINDS)[number];

/** §3.35.3 suppression status. */
const SUPPRESSION_STATUSES = ['accepted', 'underReview', 'rejected'] as const;

export interface SarifResultFacts {
  /** `ruleId`, else `rule.id`, else the id of the rule descriptor found. */
  readonly ruleId: string | undefined;
  readonly kind: SarifKind;
  /** The effective level (§3.27.10). */
  readonly level: SarifLevel;
  readonly suppressed: boolean;
  /** From the rule's properties["security-severity"]; undefined when the rule has none. */
  readonly securitySeverity: SecuritySeverityBucket | undefined;
}

export interface SarifRunFacts {
  /** Driver name and version, e.g. "CodeQL 2.19.0". */
  readonly tool: string;
  /** null when the run has no results array: the tool failed to start or to analyse (§3.14.23). */
  readonly results: readonly SarifResultFacts[] | null;
  /** False if an invocation reports executionSuccessful: false (§3.20.14). */
  readonly executionSuccessful: boolean;
}

type Fail = (where: string, problem: string) => never;

/** A toolComponent (§3.19): the driver or an extension, with its rules (§3.19.23). */
interface Component {
  readonly object: JsonObject;
  readonly rules: readonly JsonObject[];
  readonly rulesById: ReadonlyMap<string, JsonObject>;
}

interface RunContext {
  readonly driver: Component;
  readonly extensions: readonly Component[];
  readonly invocations: readonly JsonObject[];
  readonly fail: Fail;
}

/** True for something shaped like a SARIF log (a `runs` array and a version or SARIF $schema). */
export function looksLikeSarif(value: unknown): boolean {
  if (!isJsonObject(value) || !Array.isArray(value.runs)) return false;
  const schema = value.$schema;
  return typeof value.version === 'string' || (typeof schema === 'string' && /sarif/i.test(schema));
}

function member(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function optionalObject(obj: JsonObject, key: string, where: string, fail: Fail): JsonObject | undefined {
  const value = member(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) fail(`${where}.${key}`, `is ${describeValue(value)}, not an object`);
  return value;
}

function objectArray(obj: JsonObject, key: string, where: string, fail: Fail): JsonObject[] | undefined {
  const value = member(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(`${where}.${key}`, `is ${describeValue(value)}, not an array`);
  return (value as unknown[]).map((item, i) => {
    if (!isJsonObject(item)) fail(`${where}.${key}[${i}]`, `is ${describeValue(item)}, not an object`);
    return item;
  });
}

function optionalString(obj: JsonObject, key: string, where: string, fail: Fail): string | undefined {
  const value = member(obj, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${where}.${key}`, `is ${describeValue(value)}, not a string`);
  return value;
}

function optionalIndex(obj: JsonObject, key: string, where: string, fail: Fail): number {
  const value = member(obj, key);
  if (value === undefined || value === null) return -1;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -1) {
    fail(`${where}.${key}`, `is ${describeValue(value)}, not an array index (§3.7.4)`);
  }
  return value;
}

function optionalEnum<T extends string>(
  obj: JsonObject,
  key: string,
  allowed: readonly T[],
  where: string,
  fail: Fail,
): T | undefined {
  const value = member(obj, key);
  if (value === undefined || value === null) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined)
    fail(`${where}.${key}`, `is ${describeValue(value)}, not one of ${allowed.join(', ')}`);
  return found;
}

function component(object: JsonObject, where: string, fail: Fail): Component {
  // §3.19.8: a toolComponent SHALL have a name.
  if (typeof member(object, 'name') !== 'string') fail(`${where}.name`, 'is missing (§3.19.8)');
  const rules = objectArray(object, 'rules', where, fail) ?? [];
  const rulesById = new Map<string, JsonObject>();
  rules.forEach((rule, i) => {
    const id = optionalString(rule, 'id', `${where}.rules[${i}]`, fail);
    if (id !== undefined && !rulesById.has(id)) rulesById.set(id, rule);
  });
  return { object, rules, rulesById };
}

/** §3.54 toolComponentReference: `index` into theTool.extensions, else `guid`, else `name`. */
function referencedComponent(ctx: RunContext, ref: JsonObject, where: string): Component | undefined {
  const index = optionalIndex(ref, 'index', where, ctx.fail);
  if (index >= 0) return ctx.extensions[index];
  const all = [ctx.driver, ...ctx.extensions];
  const guid = optionalString(ref, 'guid', where, ctx.fail);
  if (guid !== undefined) return all.find((c) => member(c.object, 'guid') === guid);
  const name = optionalString(ref, 'name', where, ctx.fail);
  if (name !== undefined) return all.find((c) => member(c.object, 'name') === name);
  return undefined;
}

/** Rule id lookup; a hierarchical ruleId (§3.5.4, §3.27.5) names its rule in its leading components. */
function ruleById(c: Component, id: string): JsonObject | undefined {
  for (let key = id; ;) {
    const rule = c.rulesById.get(key);
    if (rule !== undefined) return rule;
    const slash = key.lastIndexOf('/');
    if (slash <= 0) return undefined;
    key = key.slice(0, slash);
  }
}

/**
 * §3.52.3 reportingDescriptor lookup from a reportingDescriptorReference (id, index, guid,
 * toolComponent). Without toolComponent the driver is searched first, then the extensions (§3.18.3).
 */
function findRule(
  ctx: RunContext,
  ref: {
    id: string | undefined;
    index: number;
    guid: string | undefined;
    toolComponent: JsonObject | undefined;
  },
  where: string,
): JsonObject | undefined {
  let components: readonly Component[];
  if (ref.toolComponent === undefined) {
    components = [ctx.driver, ...ctx.extensions];
  } else {
    const c = referencedComponent(ctx, ref.toolComponent, `${where}.toolComponent`);
    if (c === undefined) return undefined;
    components = [c];
  }
  const first = components[0];
  if (ref.index >= 0 && first !== undefined) {
    const rule = first.rules[ref.index];
    if (rule !== undefined) return rule;
  }
  for (const c of components) {
    if (ref.guid !== undefined) {
      const rule = c.rules.find((r) => member(r, 'guid') === ref.guid);
      if (rule !== undefined) return rule;
    }
    if (ref.id !== undefined) {
      const rule = ruleById(c, ref.id);
      if (rule !== undefined) return rule;
    }
  }
  return undefined;
}

function referenceOf(ctx: RunContext, ref: JsonObject, where: string) {
  return {
    id: optionalString(ref, 'id', where, ctx.fail),
    index: optionalIndex(ref, 'index', where, ctx.fail),
    guid: optionalString(ref, 'guid', where, ctx.fail),
    toolComponent: optionalObject(ref, 'toolComponent', where, ctx.fail),
  };
}

/** The level of a reportingConfiguration (§3.50.3), if it sets one. */
function configurationLevel(
  holder: JsonObject,
  key: string,
  where: string,
  fail: Fail,
): SarifLevel | undefined {
  const configuration = optionalObject(holder, key, where, fail);
  return configuration && optionalEnum(configuration, 'level', SARIF_LEVELS, `${where}.${key}`, fail);
}

/**
 * §3.27.10: a level absent from a `fail` result comes from a configuration override of its rule in
 * the invocation named by provenance.invocationIndex (§3.27.29, §3.48.6, §3.20.5, §3.51), else
 * from the rule's defaultConfiguration.level (§3.49.14, §3.50.3), else "warning".
 */
function inheritedLevel(
  ctx: RunContext,
  result: JsonObject,
  rule: JsonObject | undefined,
  where: string,
): SarifLevel {
  if (rule === undefined) return 'warning';
  const provenance = optionalObject(result, 'provenance', where, ctx.fail);
  const invocationIndex = provenance
    ? optionalIndex(provenance, 'invocationIndex', `${where}.provenance`, ctx.fail)
    : -1;
  const invocation = invocationIndex >= 0 ? ctx.invocations[invocationIndex] : undefined;
  if (invocation !== undefined) {
    const at = `invocations[${invocationIndex}]`;
    const overrides = objectArray(invocation, 'ruleConfigurationOverrides', at, ctx.fail) ?? [];
    for (const [i, override] of overrides.entries()) {
      const here = `${at}.ruleConfigurationOverrides[${i}]`;
      const descriptor = optionalObject(override, 'descriptor', here, ctx.fail);
      if (descriptor === undefined) continue;
      if (findRule(ctx, referenceOf(ctx, descriptor, `${here}.descriptor`), `${here}.descriptor`) !== rule)
        continue;
      const level = configurationLevel(override, 'configuration', here, ctx.fail);
      if (level !== undefined) return level;
    }
  }
  return configurationLevel(rule, 'defaultConfiguration', 'rule', ctx.fail) ?? 'warning';
}

/**
 * §3.27.23: absent or null suppressions mean "no information" and an empty array "not suppressed";
 * a non-empty array is examined through the statuses (§3.35.3). This reading is the cautious one
 * for compliance: suppressed only if every suppression is accepted (status absent or "accepted");
 * any "underReview" or "rejected" entry leaves the result counted.
 */
function isSuppressed(ctx: RunContext, result: JsonObject, where: string): boolean {
  const suppressions = objectArray(result, 'suppressions', where, ctx.fail);
  if (suppressions === undefined || suppressions.length === 0) return false;
  return suppressions.every((s, i) => {
    const status = optionalEnum(s, 'status', SUPPRESSION_STATUSES, `${where}.suppressions[${i}]`, ctx.fail);
    return status === undefined || status === 'accepted';
  });
}

function resultFacts(ctx: RunContext, result: JsonObject, where: string): SarifResultFacts {
  const ruleRef = optionalObject(result, 'rule', where, ctx.fail);
  const ruleId = optionalString(result, 'ruleId', where, ctx.fail);
  const ruleIndex = optionalIndex(result, 'ruleIndex', where, ctx.fail);
  // §3.27.7: rule.id defaults to ruleId and rule.index to ruleIndex.
  const ref = ruleRef ? referenceOf(ctx, ruleRef, `${where}.rule`) : undefined;
  const rule = findRule(
    ctx,
    {
      id: ref?.id ?? ruleId,
      index: ref !== undefined && ref.index >= 0 ? ref.index : ruleIndex,
      guid: ref?.guid,
      toolComponent: ref?.toolComponent,
    },
    `${where}.rule`,
  );
  const kind = optionalEnum(result, 'kind', SARIF_KINDS, where, ctx.fail) ?? 'fail'; // §3.27.9 default
  const level = optionalEnum(result, 'level', SARIF_LEVELS, where, ctx.fail);
  const properties = rule && optionalObject(rule, 'properties', 'rule', ctx.fail);
  return {
    ruleId: ruleId ?? ref?.id ?? (rule && optionalString(rule, 'id', 'rule', ctx.fail)),
    kind,
    // §3.27.10: a result whose kind is not "fail" has level "none", whatever it says.
    level: kind !== 'fail' ? 'none' : (level ?? inheritedLevel(ctx, result, rule, where)),
    suppressed: isSuppressed(ctx, result, where),
    securitySeverity: properties && securitySeverityBucket(member(properties, 'security-severity')),
  };
}

function runFacts(run: unknown, where: string, fail: Fail): SarifRunFacts {
  if (!isJsonObject(run)) fail(where, `is ${describeValue(run)}, not a run object (§3.14)`);
  const tool = optionalObject(run, 'tool', where, fail);
  if (tool === undefined) fail(`${where}.tool`, 'is missing (§3.14.6)');
  const driverObject = optionalObject(tool, 'driver', `${where}.tool`, fail);
  if (driverObject === undefined) fail(`${where}.tool.driver`, 'is missing (§3.18.2)');
  const ctx: RunContext = {
    driver: component(driverObject, `${where}.tool.driver`, fail),
    extensions: (objectArray(tool, 'extensions', `${where}.tool`, fail) ?? []).map((e, i) =>
      component(e, `${where}.tool.extensions[${i}]`, fail),
    ),
    invocations: objectArray(run, 'invocations', where, fail) ?? [],
    fail: (at, problem) => fail(`${where}.${at}`, problem),
  };
  const name = String(driverObject.name);
  const version =
    optionalString(driverObject, 'semanticVersion', `${where}.tool.driver`, fail) ??
    optionalString(driverObject, 'version', `${where}.tool.driver`, fail);
  const results = objectArray(run, 'results', where, fail);
  return {
    tool: version === undefined ? name : `${name} ${version}`,
    results: results === undefined ? null : results.map((r, i) => resultFacts(ctx, r, `results[${i}]`)),
    executionSuccessful: ctx.invocations.every((inv) => member(inv, 'executionSuccessful') !== false),
  };
}

/** Reads the runs of a parsed SARIF 2.1.0 log; anything malformed is invalid_evidence naming the file and place. */
export function sarifRuns(file: EvidenceFile, log: unknown): SarifRunFacts[] {
  const fail: Fail = (where, problem) => {
    throw invalidEvidence(file, `is not valid SARIF 2.1.0: ${where} ${problem}`);
  };
  if (!isJsonObject(log)) fail('the top level', 'is not a sarifLog object (§3.13)');
  if (member(log, 'version') !== '2.1.0')
    fail('version', `is ${describeValue(member(log, 'version'))}, not "2.1.0" (§3.13.2)`);
  const runs = member(log, 'runs');
  if (!Array.isArray(runs)) fail('runs', `is ${describeValue(runs)}, not an array (§3.13.4)`);
  return (runs as unknown[]).map((run, i) => runFacts(run, `runs[${i}]`, fail));
}
