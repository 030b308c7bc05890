// Hand-written JUnit XML for the rules of parseJunit; real tool output is in junitEvaluator.test.ts.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import { JUNIT_LIMITS, parseJunit } from './parseJunit.ts';

const parse = (xml: string) => parseJunit(new TextEncoder().encode(xml));

describe('parseJunit', () => {
  it('takes the outcome from direct children: error, then failure, then skipped', () => {
    const report = parse(
      `<testsuite name="s">
        <testcase name="all"><skipped/><failure message="f"/><error message="e"/></testcase>
        <testcase name="fs"><skipped/><failure message="f"/></testcase>
        <testcase name="s"><skipped/></testcase>
        <testcase name="p"><system-out><failure/></system-out></testcase>
        <testcase name="flaky"><flakyFailure message="x"/><flakyError/><rerunFailure/></testcase>
      </testsuite>`,
    );
    assert.deepEqual(
      {
        tests: report.tests,
        errors: report.errors,
        failures: report.failures,
        skipped: report.skipped,
        passed: report.passed,
      },
      { tests: 5, errors: 1, failures: 1, skipped: 1, passed: 2 },
    );
    assert.deepEqual(report.failedCases, [
      { suite: 's', classname: '', name: 'all', kind: 'error', message: 'e' },
      { suite: 's', classname: '', name: 'fs', kind: 'failure', message: 'f' },
    ]);
  });

  it('falls back to the first line of the body, then the type, for a message', () => {
    const report = parse(
      `<testsuites><testsuite name="outer"><testsuite name="inner">
        <testcase classname="c" name="body"><failure><![CDATA[

          Error: boom
          at x]]></failure></testcase>
        <testcase name="type"><error type="java.lang.NullPointerException"/></testcase>
      </testsuite><testcase name="after"><failure message="m"/></testcase></testsuite></testsuites>`,
    );
    assert.deepEqual(
      report.failedCases.map(({ suite, message }) => [suite, message]),
      [
        ['inner', 'Error: boom'],
        ['inner', 'java.lang.NullPointerException'],
        ['outer', 'm'],
      ],
    );
    assert.equal(report.suites, 2);
  });

  it('counts a testcase outside any suite', () => {
    const report = parse('<testsuites><testcase name="loose"><failure/></testcase></testsuites>');
    assert.equal(report.tests, 1);
    assert.deepEqual(report.failedCases[0], {
      suite: '',
      classname: '',
      name: 'loose',
      kind: 'failure',
      message: '',
    });
  });

  it('declared: the root if it states any count, else the sum of the top-level suites', () => {
    assert.deepEqual(
      parse('<testsuites tests="3"><testsuite tests="9" skipped="1"/></testsuites>').declared,
      {
        tests: 3,
        failures: null,
        errors: null,
        skipped: null,
      },
    );
    const summed = parse(
      '<testsuites><testsuite tests="2" errors="x"><testsuite tests="5"/></testsuite><testsuite tests=" 3 " failures="1"/></testsuites>',
    );
    assert.deepEqual(summed.declared, { tests: 5, failures: 1, errors: null, skipped: null });
  });

  it('lists at most 50 failed cases, and bounds the strings it keeps', () => {
    const long = 'x'.repeat(10_000);
    const cases = Array.from(
      { length: 60 },
      (_, i) => `<testcase name="t${i}${long}"><failure message="${long}"/></testcase>`,
    );
    const report = parse(`<testsuite name="${long}">${cases.join('')}</testsuite>`);
    assert.equal(report.failures, 60);
    assert.equal(report.failedCases.length, JUNIT_LIMITS.maxFailedCases);
    for (const failed of report.failedCases) {
      for (const value of [failed.suite, failed.name, failed.message]) {
        assert.equal(value.length, JUNIT_LIMITS.maxStringChars);
        assert.ok(value.endsWith('…'));
      }
    }
  });

  it('keeps strings on one line and never splits a surrogate pair', () => {
    const duck = '🦆'.repeat(600);
    const report = parse(
      `<testsuite><testcase name="a&#10;b&#x9;c" classname="${duck}"><error message="${duck}"/></testcase></testsuite>`,
    );
    const failed = report.failedCases[0];
    assert.equal(failed?.name, 'a b c');
    assert.ok(failed.classname.isWellFormed());
    assert.equal(failed.classname, `${'🦆'.repeat(249)}…`);
  });

  it('accepts a UTF-8 BOM, a UTF-8 declaration, and an ASCII-only file declared in another encoding', () => {
    assert.equal(
      parseJunit(
        Uint8Array.of(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<testsuite><testcase/></testsuite>')),
      ).tests,
      1,
    );
    assert.equal(parse('<?xml version="1.0" encoding="UTF-8"?><testsuite><testcase/></testsuite>').tests, 1);
    assert.equal(
      parse('<?xml version="1.0" encoding="ISO-8859-1"?><testsuite><testcase/></testsuite>').tests,
      1,
    );
  });

  it('refuses a suite inside a testcase, a character reference to a surrogate, and text after the root', () => {
    for (const xml of [
      '<testsuite><testcase><testsuite/></testcase></testsuite>',
      '<testsuite name="&#xD800;"/>',
      '<testsuite/>junk',
      '<testsuite/><testsuite/>',
      '<testsuite><testcase></testsuite>',
    ]) {
      assert.throws(
        () => parse(xml),
        (error) => isEvidentError(error, 'invalid_evidence'),
        xml,
      );
    }
  });

  it('decodes text split across 1 MiB chunks', () => {
    const pad = 'a'.repeat(1024 * 1024 - 30);
    const report = parse(
      `<testsuite><!--${pad}--><testcase name="ñ🦆ñ🦆ñ🦆"><failure/></testcase></testsuite>`,
    );
    assert.equal(report.failedCases[0]?.name, 'ñ🦆ñ🦆ñ🦆');
  });
});
