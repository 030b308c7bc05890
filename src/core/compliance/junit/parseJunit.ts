import { SaxesParser } from 'saxes';
import { EvidentError } from '../../errors.ts';
import { MAX_PARSED_EVIDENCE_BYTES } from '../evaluation.ts';
import { clipText, firstLine } from './clipText.ts';
import { utf8Chunks } from './utf8Chunks.ts';

/**
 * JUnit XML (the de-facto format of Ant's `<junit>` task, as written by Surefire, Gradle, pytest,
 * jest-junit, go-junit-report, …; shape per the Ant/Surefire XSDs) → counts of outcomes.
 *
 * The outcome of a `<testcase>` comes from its direct children: error if it has `<error>`, else
 * failure if `<failure>`, else skipped if `<skipped>`, else passed. Surefire's `<flakyFailure>`,
 * `<flakyError>`, `<rerunFailure>`, `<rerunError>` are records of reruns, not outcomes. Testcases
 * are counted as found; the counts the file declares are reported apart, as `declared`.
 *
 * Evidence is hostile (DESIGN §7): saxes is a strict, non-validating parser that knows only XML's
 * predefined entities and character references; any DOCTYPE is refused, so no entity can be
 * declared or fetched. Size, element depth, testcase count and every stored string are bounded.
 */

export const JUNIT_LIMITS = {
  maxBytes: MAX_PARSED_EVIDENCE_BYTES,
  maxDepth: 64,
  maxTestcases: 1_000_000,
  /** Failed testcases listed by name in a report. */
  maxFailedCases: 50,
  /** Longest suite, class or test name, or message, kept (UTF-16 units). */
  maxStringChars: 500,
  /** Longest failure body read to find a message when the `message` attribute is missing. */
  maxBodyChars: 4096,
} as const;

export type JunitFailedCase = {
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  readonly kind: 'failure' | 'error';
  readonly message: string;
};

/** Counts as the file states them (null: not stated). */
export type JunitDeclaredCounts = {
  readonly tests: number | null;
  readonly failures: number | null;
  readonly errors: number | null;
  readonly skipped: number | null;
};

export type JunitReport = {
  /** `<testsuite>` elements, nested ones included. */
  readonly suites: number;
  /** `<testcase>` elements. */
  readonly tests: number;
  readonly passed: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
  /** From the root element, or summed over the top-level suites when the root states no count. */
  readonly declared: JunitDeclaredCounts;
  /** The first `JUNIT_LIMITS.maxFailedCases` testcases whose outcome is failure or error, in file order. */
  readonly failedCases: readonly JunitFailedCase[];
};

type Attributes = Readonly<Record<string, string>>;
type MutableCounts = { -readonly [K in keyof JunitDeclaredCounts]: number | null };
const COUNT_KEYS = ['tests', 'failures', 'errors', 'skipped'] as const;
const STRUCTURAL = new Set(['testsuites', 'testsuite', 'testcase']);

interface Outcome {
  readonly message: string;
  readonly type: string;
  body: string;
}

interface OpenTestcase {
  readonly depth: number;
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  error: Outcome | undefined;
  failure: Outcome | undefined;
  skipped: boolean;
}

function declaredCount(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*(\d{1,15})\s*$/u.exec(value);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function countsOf(attributes: Attributes): MutableCounts {
  return {
    tests: declaredCount(attributes['tests']),
    failures: declaredCount(attributes['failures']),
    errors: declaredCount(attributes['errors']),
    skipped: declaredCount(attributes['skipped']),
  };
}

function isBlank(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

function isAscii(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte < 0x80);
}

/** Parses one JUnit XML file. Throws EvidentError('invalid_evidence') for anything it cannot read. */
export function parseJunit(bytes: Uint8Array): JunitReport {
  if (bytes.length > JUNIT_LIMITS.maxBytes) {
    throw new EvidentError(
      'invalid_evidence',
      `the file is ${bytes.length} bytes, more than the ${JUNIT_LIMITS.maxBytes} bytes a JUnit report may have`,
    );
  }
  if (isBlank(bytes)) throw new EvidentError('invalid_evidence', 'the file is empty: no JUnit XML in it');

  const parser = new SaxesParser({ xmlns: false, position: true });
  const fail = (message: string): never => {
    throw new EvidentError(
      'invalid_evidence',
      `${message} (line ${parser.line}, column ${parser.column + 1})`,
    );
  };

  let rootName: string | undefined;
  let rootCounts: MutableCounts = { tests: null, failures: null, errors: null, skipped: null };
  const topCounts: MutableCounts = { tests: null, failures: null, errors: null, skipped: null };
  let depth = 0;
  const suiteNames: string[] = [];
  const suiteDepths: number[] = [];
  let testcase: OpenTestcase | undefined;
  let capture: { readonly outcome: Outcome; readonly depth: number } | undefined;
  let suites = 0;
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const failedCases: JunitFailedCase[] = [];
  const clip = (value: string | undefined): string => clipText(value ?? '', JUNIT_LIMITS.maxStringChars);

  parser.on('doctype', () =>
    fail('DOCTYPE declarations are not accepted in JUnit XML (no DTD, no entity declarations)'),
  );
  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding?.toLowerCase();
    if (encoding === undefined || encoding === 'utf-8' || encoding === 'utf8') return;
    // Every other encoding an XML declaration can be read in is ASCII-compatible; ASCII bytes mean
    // the same in it and in UTF-8. Anything else would be decoded wrongly, so it is refused.
    if (!isAscii(bytes)) {
      fail(`the XML declaration says encoding="${clip(decl.encoding)}"; only UTF-8 is supported`);
    }
  });

  const appendText = (text: string): void => {
    if (capture === undefined) return;
    const room = JUNIT_LIMITS.maxBodyChars - capture.outcome.body.length;
    if (room > 0) capture.outcome.body += text.slice(0, room);
  };
  parser.on('text', appendText);
  parser.on('cdata', appendText);

  parser.on('opentag', (tag) => {
    const { name, attributes } = tag;
    depth += 1;
    if (depth > JUNIT_LIMITS.maxDepth) fail(`elements are nested more than ${JUNIT_LIMITS.maxDepth} deep`);
    if (depth === 1) {
      if (name !== 'testsuites' && name !== 'testsuite') {
        fail(`the root element is <${clip(name)}>, not <testsuites> or <testsuite>: this is not JUnit XML`);
      }
      rootName = name;
      rootCounts = countsOf(attributes);
    }
    if (testcase !== undefined) {
      if (STRUCTURAL.has(name)) fail(`<testcase> "${testcase.name}" contains a <${name}>`);
      if (depth === testcase.depth + 1) {
        const outcome: Outcome = {
          message: clip(attributes['message']),
          type: clip(attributes['type']),
          body: '',
        };
        if (name === 'error' && testcase.error === undefined) testcase.error = outcome;
        else if (name === 'failure' && testcase.failure === undefined) testcase.failure = outcome;
        else if (name === 'skipped') testcase.skipped = true;
        if (outcome === testcase.error || outcome === testcase.failure) {
          if (failedCases.length < JUNIT_LIMITS.maxFailedCases) capture = { outcome, depth };
        }
      }
      return;
    }
    if (name === 'testsuite') {
      suites += 1;
      suiteNames.push(clip(attributes['name']));
      suiteDepths.push(depth);
      if (depth === 2 && rootName === 'testsuites') {
        const counts = countsOf(attributes);
        for (const key of COUNT_KEYS) {
          const value = counts[key];
          if (value !== null) topCounts[key] = (topCounts[key] ?? 0) + value;
        }
      }
    } else if (name === 'testcase') {
      if (tests >= JUNIT_LIMITS.maxTestcases) fail(`more than ${JUNIT_LIMITS.maxTestcases} testcases`);
      tests += 1;
      testcase = {
        depth,
        suite: suiteNames.at(-1) ?? '',
        classname: clip(attributes['classname']),
        name: clip(attributes['name']),
        error: undefined,
        failure: undefined,
        skipped: false,
      };
    }
  });

  parser.on('closetag', () => {
    if (capture !== undefined && capture.depth === depth) capture = undefined;
    if (testcase !== undefined && testcase.depth === depth) {
      const { error, failure } = testcase;
      const outcome = error ?? failure;
      if (outcome === undefined) {
        if (testcase.skipped) skipped += 1;
      } else {
        const kind = error === undefined ? 'failure' : 'error';
        if (kind === 'error') errors += 1;
        else failures += 1;
        if (failedCases.length < JUNIT_LIMITS.maxFailedCases) {
          const message =
            outcome.message || clip(firstLine(outcome.body, JUNIT_LIMITS.maxBodyChars)) || outcome.type;
          const { suite, classname, name } = testcase;
          failedCases.push({ suite, classname, name, kind, message });
        }
      }
      testcase = undefined;
    }
    if (suiteDepths.at(-1) === depth) {
      suiteDepths.pop();
      suiteNames.pop();
    }
    depth -= 1;
  });

  try {
    for (const chunk of utf8Chunks(bytes)) parser.write(chunk);
    parser.close();
  } catch (error) {
    if (error instanceof EvidentError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    const position = /^(\d+):(\d+): /u.exec(text);
    const where =
      position?.[1] === undefined || position[2] === undefined
        ? ''
        : ` at line ${position[1]}, column ${Number(position[2]) + 1}`;
    throw new EvidentError(
      'invalid_evidence',
      `the file is not well-formed XML${where}: ${clipText(text.slice(position?.[0].length ?? 0), 300)}`,
    );
  }

  const rootStatesCounts = COUNT_KEYS.some((key) => rootCounts[key] !== null);
  const declared = rootName === 'testsuites' && !rootStatesCounts ? topCounts : rootCounts;
  const passed = tests - failures - errors - skipped;
  return { suites, tests, passed, failures, errors, skipped, declared: { ...declared }, failedCases };
}
