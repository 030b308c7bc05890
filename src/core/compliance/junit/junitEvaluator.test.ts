// Vectors: real JUnit XML from real tools, /work/shared/samples/junit/ (counts from the "JUnit XML"
// table of /work/shared/samples/README.md; size and SHA-256 checked against its "Checksums" table on
// loading), and files generated on this machine by Node's test runner and pytest
// (test/samples/junit-generated/README.md, whose table gives their size and SHA-256).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { Evaluation, EvidenceFile } from '../evaluation.ts';
import { assertRefusesParams, evaluatorOf } from '../evaluatorChecks.testdata.ts';
import { evidence, loadGeneratedJunit, loadSamples } from '../samples.testdata.ts';
import { junitEvaluator } from './junitEvaluator.ts';

const SHARED = loadSamples('junit');
const GENERATED = loadGeneratedJunit();
const shared = (name: string): EvidenceFile => SHARED.get(name)!;

type Declared = readonly [number | null, number | null, number | null, number | null];
interface Expected {
  readonly suites: number;
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
  readonly passed: number;
  /** tests/failures/errors/skipped as the file declares them; null for "–". */
  readonly declared: Declared;
}

function row(
  [suites, tests, failures, errors, skipped, passed]: readonly number[],
  declared: Declared,
): Expected {
  const counts = { suites, tests, failures, errors, skipped, passed };
  for (const [key, value] of Object.entries(counts)) assert.ok(value !== undefined, key);
  return { ...(counts as Record<keyof typeof counts, number>), declared };
}

// [suites, testcases, failures, errors, skipped, passed], declared tests/failures/errors/skipped.
const SHARED_SAMPLES: Readonly<Record<string, Expected>> = {
  'surefire-junit4-failures.xml': row([1, 2, 2, 0, 0, 0], [2, 2, 0, 0]),
  'surefire-3.0-flaky-rerun.xml': row([1, 2, 0, 0, 0, 2], [1, 0, 0, 0]),
  'surefire-errors-and-failures-utf8.xml': row([1, 9, 2, 5, 0, 2], [9, 2, 5, 0]),
  'surefire-junit5-all-skipped.xml': row([1, 7, 0, 0, 7, 0], [7, 0, 0, 5]),
  'testng-junitreportreporter.xml': row([1, 2, 1, 0, 1, 0], [2, 1, 0, 1]),
  'gradle-junit4-mixed.xml': row([1, 5, 1, 1, 1, 2], [5, 1, 1, 1]),
  'ant-junit-failures-skipped.xml': row([1, 10, 4, 0, 2, 4], [10, 4, 0, 2]),
  'pytest-failures-skips-xfail.xml': row([1, 10, 2, 0, 2, 6], [15, 2, 0, 2]),
  'pytest-large-passing.xml': row([1, 570, 0, 0, 6, 564], [570, 0, 0, 6]),
  'python-unittest-error-vs-failure.xml': row([1, 8, 1, 1, 2, 4], [8, 1, 1, 2]),
  'jest-junit-failing.xml': row([2, 6, 4, 0, 1, 1], [6, 4, 0, null]),
  'jest-junit-suite-failed-to-run.xml': row([2, 2, 0, 2, 0, 0], [0, 0, 2, null]),
  'mocha-junit-reporter.xml': row([7, 30, 9, 0, 0, 21], [30, 9, null, null]),
  'vitest-junit-passing.xml': row([2, 5, 0, 0, 0, 5], [5, 0, 0, null]),
  'go-junit-report-pass-fail-skip.xml': row([3, 5, 1, 0, 2, 2], [5, 1, null, 2]),
  'go-junit-report-panic-errors.xml': row([2, 2, 0, 2, 0, 0], [2, null, 2, null]),
  'go-junit-report-subtests.xml': row([1, 11, 4, 0, 1, 6], [11, 4, null, 1]),
  'phpunit-nested-suites.xml': row([14, 30, 2, 0, 0, 28], [30, 2, 0, 0]),
  'phpunit-11-phpt-failures.xml': row([4, 12, 2, 0, 0, 10], [12, 2, 0, 0]),
  'dotnet-junit-testlogger.xml': row([1, 52, 14, 0, 6, 32], [52, 14, 0, 6]),
  'cargo-nextest.xml': row([1, 3, 1, 0, 0, 2], [3, 1, 0, null]),
  'bazel-test-error.xml': row([1, 1, 0, 1, 0, 0], [1, 0, 1, null]),
  'trivy-junit-template.xml': row([2, 4, 4, 0, 0, 0], [4, 4, 0, 0]),
  'playwright-junit-retries.xml': row([2, 6, 1, 1, 1, 3], [6, 1, 1, 1]),
};

const GENERATED_SAMPLES: Readonly<Record<string, Expected>> = {
  'node20-test-runner-nested.xml': row([2, 8, 3, 0, 2, 3], [6, 3, 0, 2]),
  'pytest9-fail-error-skip-xfail.xml': row([1, 11, 2, 1, 2, 6], [11, 2, 1, 2]),
  'pytest9-collection-error.xml': row([1, 1, 0, 1, 0, 0], [1, 0, 1, 0]),
};

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const evaluate = evaluatorOf(junitEvaluator);

function counts(summary: Evaluation['summary']) {
  const { suites, tests, failures, errors, skipped, passed, declared } = summary;
  const d = declared as Record<string, unknown>;
  return {
    suites,
    tests,
    failures,
    errors,
    skipped,
    passed,
    declared: [d['tests'], d['failures'], d['errors'], d['skipped']],
  };
}

/** `files` are the whole directory (README aside), loaded with their size and SHA-256 checked. */
function checkSamples(
  files: ReadonlyMap<string, EvidenceFile>,
  table: Readonly<Record<string, Expected>>,
): void {
  it('covers every XML file in the directory', () => {
    assert.deepEqual([...files.keys()].sort(), Object.keys(table).sort());
  });

  for (const [name, expected] of Object.entries(table)) {
    it(name, () => {
      const file = files.get(name)!;
      const result = evaluate([file]);
      const { suites, tests, failures, errors, skipped, passed, declared } = expected;
      assert.deepEqual(counts(result.summary), {
        ...{ suites, tests, failures, errors, skipped, passed },
        declared: [...declared],
      });
      assert.equal(result.claimed, false);
      const broken = expected.failures + expected.errors;
      assert.equal(result.compliant, broken === 0 && expected.tests > 0);
      assert.equal(result.reasons.length, result.compliant ? 0 : 1);
      const failedCases = result.summary['failedCases'] as unknown[];
      assert.equal(failedCases.length, Math.min(broken, 50));
    });
  }
}

describe('junitEvaluator on real reports', () => {
  describe('/work/shared/samples/junit', () => {
    checkSamples(SHARED, SHARED_SAMPLES);
  });
  describe('test/samples/junit-generated', () => {
    checkSamples(GENERATED, GENERATED_SAMPLES);
  });

  it('sums several files into one evaluation', () => {
    const names = Object.keys(SHARED_SAMPLES);
    const result = evaluate(names.map(shared));
    const rows = Object.values(SHARED_SAMPLES);
    const sum = (key: 'tests' | 'failures' | 'errors' | 'skipped' | 'passed'): number =>
      rows.reduce((total, expected) => total + expected[key], 0);
    assert.equal(result.summary['reports'], names.length);
    assert.equal(result.summary['tests'], sum('tests'));
    assert.equal(result.summary['failures'], sum('failures'));
    assert.equal(result.summary['errors'], sum('errors'));
    assert.equal(result.summary['skipped'], sum('skipped'));
    assert.equal(result.summary['passed'], sum('passed'));
    assert.equal((result.summary['failedCases'] as unknown[]).length, 50);
    assert.equal((result.summary['files'] as unknown[]).length, names.length);
    assert.equal(result.compliant, false);
    assert.equal(result.reasons.length, 1);
    const broken = sum('failures') + sum('errors');
    assert.match(
      result.reasons[0] ?? '',
      new RegExp(`^${broken} testcases of ${sum('tests')} did not pass`, 'u'),
    );
  });

  it('names the first failing tests in the reason', () => {
    const result = evaluate([shared('surefire-junit4-failures.xml')]);
    assert.deepEqual(result.reasons, [
      '2 testcases of 2 did not pass (2 failures, 0 errors): ' +
        '"org.apache.maven.surefire.test.FailingTest.defaultTestValueIs_Value", ' +
        '"org.apache.maven.surefire.test.FailingTest.setTestAndRetrieveValue".',
    ]);
  });

  it('is compliant for a passing report, and the summary is JSON', () => {
    const result = evaluate([shared('vitest-junit-passing.xml')]);
    assert.equal(result.compliant, true);
    assert.deepEqual(result.reasons, []);
    assert.deepEqual(JSON.parse(JSON.stringify(result.summary)), result.summary);
  });
});

describe('junitEvaluator params', () => {
  it('accepts nothing, null and the two known keys', () => {
    assert.deepEqual(junitEvaluator.parseParams(undefined), {});
    assert.deepEqual(junitEvaluator.parseParams(null), {});
    assert.deepEqual(junitEvaluator.parseParams({}), {});
    assert.deepEqual(junitEvaluator.parseParams({ allowEmpty: true, maxSkipped: 0 }), {
      allowEmpty: true,
      maxSkipped: 0,
    });
  });

  it('refuses unknown keys and wrong types with bad_request', () => {
    assertRefusesParams(junitEvaluator, [
      { allowempty: true },
      { failOn: 'error' },
      { allowEmpty: 'yes' },
      { maxSkipped: -1 },
      { maxSkipped: 1.5 },
      { maxSkipped: '3' },
      { maxSkipped: Number.POSITIVE_INFINITY },
      [],
      'allowEmpty',
      42,
      new Date(0),
    ]);
  });

  it('maxSkipped: more skipped than allowed is not compliant', () => {
    const file = shared('pytest-large-passing.xml');
    assert.equal(evaluate([file], { maxSkipped: 6 }).compliant, true);
    const result = evaluate([file], { maxSkipped: 5 });
    assert.equal(result.compliant, false);
    assert.deepEqual(result.reasons, ['6 testcases were skipped, more than the 5 allowed (maxSkipped).']);
  });

  it('zero testcases is not compliant unless allowEmpty', () => {
    const empty = [
      evidence('a.xml', encode('<testsuites/>')),
      evidence('b.xml', encode('<testsuite name="x" tests="0"></testsuite>')),
    ];
    const result = evaluate(empty);
    assert.equal(result.compliant, false);
    assert.equal(result.summary['tests'], 0);
    assert.equal(result.reasons.length, 1);
    assert.equal(evaluate(empty, { allowEmpty: true }).compliant, true);
    // allowEmpty does not excuse failures.
    const failing = [...empty, shared('bazel-test-error.xml')];
    assert.equal(evaluate(failing, { allowEmpty: true }).compliant, false);
  });

  it('no evidence file at all is not compliant, even with allowEmpty', () => {
    const result = evaluate([], { allowEmpty: true });
    assert.equal(result.compliant, false);
    assert.deepEqual(result.reasons, ['No JUnit report is attached.']);
  });
});

describe('junitEvaluator on hostile evidence', () => {
  const rejects = (bytes: Uint8Array, name = 'evil.xml'): string => {
    let message = '';
    assert.throws(
      () => evaluate([shared('vitest-junit-passing.xml'), evidence(name, bytes)]),
      (error) => {
        assert.ok(isEvidentError(error, 'invalid_evidence'), String(error));
        assert.deepEqual(error.details, { evidence: name, sha256: evidence(name, bytes).sha256 });
        message = error.message;
        return true;
      },
    );
    assert.ok(message.startsWith(`JUnit evidence "${name}": `), message);
    return message;
  };

  it('billion laughs: refuses the DOCTYPE, expands nothing', () => {
    const lol = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i < 10; i += 1) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE testsuites [\n${lol.join('\n')}\n]>\n<testsuites><testsuite name="&lol9;"/></testsuites>`;
    assert.match(rejects(encode(xml)), /DOCTYPE.*line \d+, column \d+/u);
  });

  it('XXE: refuses an external entity DOCTYPE', () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE testsuite [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n' +
      '<testsuite name="&xxe;"><testcase name="a"/></testsuite>';
    assert.match(rejects(encode(xml)), /DOCTYPE/u);
    assert.match(
      rejects(encode('<!DOCTYPE testsuite SYSTEM "http://evil.example/x.dtd"><testsuite/>')),
      /DOCTYPE/u,
    );
  });

  it('an undeclared entity is not well-formed', () => {
    assert.match(rejects(encode('<testsuite name="&xxe;"/>')), /not well-formed XML at line 1/u);
  });

  it('deep nesting', () => {
    const depth = 100_000;
    const xml = `<testsuites>${'<testsuite>'.repeat(depth)}${'</testsuite>'.repeat(depth)}</testsuites>`;
    assert.match(rejects(encode(xml)), /nested more than 64 deep/u);
    // 64 is allowed.
    const ok = `<testsuites>${'<testsuite>'.repeat(62)}<testcase/>${'</testsuite>'.repeat(62)}</testsuites>`;
    assert.equal(evaluate([evidence('ok.xml', encode(ok))]).summary['suites'], 62);
  });

  it('truncated XML', () => {
    const whole = shared('gradle-junit4-mixed.xml').bytes;
    assert.match(rejects(whole.slice(0, 3000)), /not well-formed XML at line \d+, column \d+/u);
  });

  it('wrong root', () => {
    assert.match(rejects(encode('<?xml version="1.0"?><html><body/></html>')), /root element is <html>/u);
    const sarif = loadSamples('sarif').get('eslint-single-error.sarif')!;
    assert.match(rejects(sarif.bytes), /not well-formed XML/u);
  });

  it('binary garbage', () => {
    const garbage = new Uint8Array(4096);
    let seed = 12345;
    for (let i = 0; i < garbage.length; i += 1) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      garbage[i] = seed >> 16;
    }
    assert.match(rejects(garbage), /not valid UTF-8/u);
    assert.match(rejects(encode('\u0000\u0001\u0002junk')), /not well-formed XML/u);
    // A gzip header (someone uploaded the .xml.gz).
    assert.match(
      rejects(Uint8Array.of(0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03)),
      /UTF-8/u,
    );
  });

  it('empty file', () => {
    assert.match(rejects(new Uint8Array(0)), /empty/u);
    assert.match(rejects(encode('\uFEFF \n\t\r\n')), /empty/u);
  });

  it('not UTF-8', () => {
    assert.match(rejects(Uint8Array.of(0xff, 0xfe, 0x3c, 0x00)), /UTF-16/u);
    const latin1 = Uint8Array.from('<testsuite name="ñandú"/>', (c) => c.charCodeAt(0));
    assert.match(rejects(latin1), /not valid UTF-8: byte 0xf1 at offset 17/u);
    const declared = encode('<?xml version="1.0" encoding="ISO-8859-1"?><testsuite name="ñ"/>');
    assert.match(rejects(declared), /encoding="ISO-8859-1"; only UTF-8/u);
  });

  it('too large', () => {
    assert.match(rejects(new Uint8Array(64 * 1024 * 1024 + 1)), /more than the 67108864 bytes/u);
  });

  it('too many testcases', () => {
    const xml = `<testsuite>${'<testcase/>'.repeat(1_000_001)}</testsuite>`;
    assert.match(rejects(encode(xml)), /more than 1000000 testcases/u);
  });

  it('a testcase hiding a suite or another testcase', () => {
    assert.match(
      rejects(
        encode(
          '<testsuite><testcase name="t"><testcase name="u"><failure/></testcase></testcase></testsuite>',
        ),
      ),
      /contains a <testcase>/u,
    );
  });
});
