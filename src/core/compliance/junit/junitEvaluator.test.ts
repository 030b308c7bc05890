// Vectors: real JUnit XML from real tools, /work/shared/samples/junit/ (counts and SHA-256 from the
// "JUnit XML" table and the "Checksums" table of /work/shared/samples/README.md), and files generated on
// this machine by Node's test runner and pytest (test/samples/junit-generated/README.md).
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { Evaluation, EvidenceFile } from '../evaluation.ts';
import { junitEvaluator } from './junitEvaluator.ts';
import type { JunitParams } from './junitParams.ts';

const SHARED = new URL('../../../../../shared/samples/junit/', import.meta.url);
const GENERATED = new URL('../../../../test/samples/junit-generated/', import.meta.url);

type Declared = readonly [number | null, number | null, number | null, number | null];
interface Expected {
  readonly bytes: number;
  readonly sha256: string;
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
  bytes: number,
  sha256: string,
  [suites, tests, failures, errors, skipped, passed]: readonly number[],
  declared: Declared,
): Expected {
  const counts = { suites, tests, failures, errors, skipped, passed };
  for (const [key, value] of Object.entries(counts)) assert.ok(value !== undefined, key);
  return { bytes, sha256, ...(counts as Record<keyof typeof counts, number>), declared };
}

// [suites, testcases, failures, errors, skipped, passed], declared tests/failures/errors/skipped.
const SHARED_SAMPLES: Readonly<Record<string, Expected>> = {
  'surefire-junit4-failures.xml': row(
    11261,
    'd4fe7e2e89262db30c9112a7085bbbc153fe81c288ac2c3fb6aa2aa2316c9549',
    [1, 2, 2, 0, 0, 0],
    [2, 2, 0, 0],
  ),
  'surefire-3.0-flaky-rerun.xml': row(
    36631,
    'e709b82fb7e34c3f7d995a9626ccba249061439b74cfacc21536ce84e703c1c6',
    [1, 2, 0, 0, 0, 2],
    [1, 0, 0, 0],
  ),
  'surefire-errors-and-failures-utf8.xml': row(
    4631,
    'ef0543661a2df3aae3d81c858ad16ee943cd2140450e9e46f3ce42d484df4fa3',
    [1, 9, 2, 5, 0, 2],
    [9, 2, 5, 0],
  ),
  'surefire-junit5-all-skipped.xml': row(
    2656,
    '62a681a7cf819c50d0db09bd5125576dd94b3a9cae30ff2811f4167cf606e0f5',
    [1, 7, 0, 0, 7, 0],
    [7, 0, 0, 5],
  ),
  'testng-junitreportreporter.xml': row(
    2175,
    '2fa8f4fc4799b79df28ec4b171666e769c54127b13e5bdf9280d98bfb2f93e9c',
    [1, 2, 1, 0, 1, 0],
    [2, 1, 0, 1],
  ),
  'gradle-junit4-mixed.xml': row(
    9674,
    '6d5cc1c50416a594cc5062554b2149e65e761827e68708cd8d33d1bb4315645f',
    [1, 5, 1, 1, 1, 2],
    [5, 1, 1, 1],
  ),
  'ant-junit-failures-skipped.xml': row(
    10267,
    '6df6048c4c065105a61782249b157e707db002a432fadeb0e118c8523b8ba7ea',
    [1, 10, 4, 0, 2, 4],
    [10, 4, 0, 2],
  ),
  'pytest-failures-skips-xfail.xml': row(
    1919,
    '4b6b57757b6ce395c8491739aaf50199f1d5f3e0235de87cd51e9194d811a560',
    [1, 10, 2, 0, 2, 6],
    [15, 2, 0, 2],
  ),
  'pytest-large-passing.xml': row(
    61422,
    'c6b02fb1708fbc46e63f5074c38d17852bfa0c7bcfcdd1f877e80476e3fcb74f',
    [1, 570, 0, 0, 6, 564],
    [570, 0, 0, 6],
  ),
  'python-unittest-error-vs-failure.xml': row(
    2071,
    'afa8082e210d5ceba81e88673a83a00990d9518fe29cd7d4580be3984f3822ce',
    [1, 8, 1, 1, 2, 4],
    [8, 1, 1, 2],
  ),
  'jest-junit-failing.xml': row(
    5356,
    'e27344269b67cf4ea58a4aa87d7f8b3f7cd8745d311a4e5967601a134814e213',
    [2, 6, 4, 0, 1, 1],
    [6, 4, 0, null],
  ),
  'jest-junit-suite-failed-to-run.xml': row(
    1251,
    '377670e6875f57cb0734f548aa974bd29f8a1dd86783cbbb8baacb768c72d694',
    [2, 2, 0, 2, 0, 0],
    [0, 0, 2, null],
  ),
  'mocha-junit-reporter.xml': row(
    10913,
    'cef449a424635419f4d7fc683c02153bc73574116e369f42afdcd875b8f74611',
    [7, 30, 9, 0, 0, 21],
    [30, 9, null, null],
  ),
  'vitest-junit-passing.xml': row(
    1296,
    '96faede7243f1af399649fd6fca9cf2fdb04bbdb156359ca4ff906211d690275',
    [2, 5, 0, 0, 0, 5],
    [5, 0, 0, null],
  ),
  'go-junit-report-pass-fail-skip.xml': row(
    1674,
    '4d22e48c957e5873edcb963aefb731e8e6107d0a706d6ef5e12dde2db5cb5df5',
    [3, 5, 1, 0, 2, 2],
    [5, 1, null, 2],
  ),
  'go-junit-report-panic-errors.xml': row(
    887,
    '01e0ea6e6ce8a58c649f5a8f5448baa39b6a01644bb94b76d2d5ecddb732786b',
    [2, 2, 0, 2, 0, 0],
    [2, null, 2, null],
  ),
  'go-junit-report-subtests.xml': row(
    2046,
    '8cdecff5e2bdcf22f07e68f6fa8500a232a18e80056265be3aa5298aa2f0daa1',
    [1, 11, 4, 0, 1, 6],
    [11, 4, null, 1],
  ),
  'phpunit-nested-suites.xml': row(
    20927,
    'fde772ae81affe3f4bb4200f61db6a7f7bb7550a93f5edd29243dfb4c1fea29a',
    [14, 30, 2, 0, 0, 28],
    [30, 2, 0, 0],
  ),
  'phpunit-11-phpt-failures.xml': row(
    7483,
    'f295cd21d9b90d0f1df5a85a1737cad249ea3d132cd6022b5c9f3f777df71695',
    [4, 12, 2, 0, 0, 10],
    [12, 2, 0, 0],
  ),
  'dotnet-junit-testlogger.xml': row(
    13337,
    'b1a74304be73ce20ff1981aa5da1f0490f17c82ea104d2577aa4ea01596872c1',
    [1, 52, 14, 0, 6, 32],
    [52, 14, 0, 6],
  ),
  'cargo-nextest.xml': row(
    2352,
    '5af0f8d9e17a1a9abb0414dc3fd365558d224510e5a34c0aa54bd40e00ac2ca6',
    [1, 3, 1, 0, 0, 2],
    [3, 1, 0, null],
  ),
  'bazel-test-error.xml': row(
    826,
    'eaef9b715bff3be532d9828501e5f02696fec9ad8763eb7919bf5ae896289206',
    [1, 1, 0, 1, 0, 0],
    [1, 0, 1, null],
  ),
  'trivy-junit-template.xml': row(
    4211,
    'd52a37fec5672d91f1075adfca60e0b8331a38017ca5ddac099a41a6ba26ee9d',
    [2, 4, 4, 0, 0, 0],
    [4, 4, 0, 0],
  ),
  'playwright-junit-retries.xml': row(
    4655,
    '6b10cdc2f84469f79c6fc131bdf68973a621290e8d344dae5ed9366c32f7ff05',
    [2, 6, 1, 1, 1, 3],
    [6, 1, 1, 1],
  ),
};

const GENERATED_SAMPLES: Readonly<Record<string, Expected>> = {
  'node20-test-runner-nested.xml': row(
    4288,
    '4a37363a580bb580fb5b05ffb17d32ffd1e2ccd2887595fa7ded6fa1c2ea1db1',
    [2, 8, 3, 0, 2, 3],
    [6, 3, 0, 2],
  ),
  'pytest9-fail-error-skip-xfail.xml': row(
    2051,
    '571f69822c3698ea024c9eb12b996a39110988c10b65fe032581e2b264c6ff2b',
    [1, 11, 2, 1, 2, 6],
    [11, 2, 1, 2],
  ),
  'pytest9-collection-error.xml': row(
    1831,
    'c84dc4bc5ae1c6e0418b099bd7b93550358466c415efae0384f8074aa8562a55',
    [1, 1, 0, 1, 0, 0],
    [1, 0, 1, 0],
  ),
};

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function evidence(name: string, bytes: Uint8Array): EvidenceFile {
  return { name, sha256: sha256(bytes), bytes };
}

function readSample(dir: URL, name: string): EvidenceFile {
  return evidence(name, new Uint8Array(readFileSync(new URL(name, dir))));
}

function evaluate(files: readonly EvidenceFile[], params?: unknown): Evaluation {
  const parsed: JunitParams = junitEvaluator.parseParams(params);
  return junitEvaluator.evaluate({ evidence: files, data: undefined, params: parsed });
}

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

function checkSamples(dir: URL, table: Readonly<Record<string, Expected>>): void {
  it('covers every XML file in the directory', () => {
    const present = readdirSync(dir)
      .filter((name) => name.endsWith('.xml'))
      .sort();
    assert.deepEqual(present, Object.keys(table).sort());
  });

  for (const [name, expected] of Object.entries(table)) {
    it(name, () => {
      const file = readSample(dir, name);
      assert.equal(file.bytes.length, expected.bytes, 'byte count');
      assert.equal(file.sha256, expected.sha256, 'bytes are untouched');
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
    const result = evaluate(names.map((name) => readSample(SHARED, name)));
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
    const result = evaluate([readSample(SHARED, 'surefire-junit4-failures.xml')]);
    assert.deepEqual(result.reasons, [
      '2 testcases of 2 did not pass (2 failures, 0 errors): ' +
        '"org.apache.maven.surefire.test.FailingTest.defaultTestValueIs_Value", ' +
        '"org.apache.maven.surefire.test.FailingTest.setTestAndRetrieveValue".',
    ]);
  });

  it('is compliant for a passing report, and the summary is JSON', () => {
    const result = evaluate([readSample(SHARED, 'vitest-junit-passing.xml')]);
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
    for (const bad of [
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
    ]) {
      assert.throws(
        () => junitEvaluator.parseParams(bad),
        (error) => isEvidentError(error, 'bad_request'),
      );
    }
  });

  it('maxSkipped: more skipped than allowed is not compliant', () => {
    const file = readSample(SHARED, 'pytest-large-passing.xml');
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
    const failing = [...empty, readSample(SHARED, 'bazel-test-error.xml')];
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
      () => evaluate([readSample(SHARED, 'vitest-junit-passing.xml'), evidence(name, bytes)]),
      (error) => {
        assert.ok(isEvidentError(error, 'invalid_evidence'), String(error));
        assert.deepEqual(error.details, { evidence: name, sha256: sha256(bytes) });
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
    const whole = readFileSync(new URL('gradle-junit4-mixed.xml', SHARED));
    assert.match(
      rejects(new Uint8Array(whole.subarray(0, 3000))),
      /not well-formed XML at line \d+, column \d+/u,
    );
  });

  it('wrong root', () => {
    assert.match(rejects(encode('<?xml version="1.0"?><html><body/></html>')), /root element is <html>/u);
    const sarif = readFileSync(new URL('../sarif/eslint-single-error.sarif', SHARED));
    assert.match(rejects(new Uint8Array(sarif)), /not well-formed XML/u);
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
