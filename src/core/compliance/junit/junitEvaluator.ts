import type { JsonValue } from '../../ledger/canonicalJson.ts';
import { EvidentError } from '../../errors.ts';
import type { AttestationEvaluator, Evaluation, EvidenceFile } from '../evaluation.ts';
import { clipText } from './clipText.ts';
import type { JunitFailedCase, JunitReport } from './parseJunit.ts';
import { JUNIT_LIMITS, parseJunit } from './parseJunit.ts';
import type { JunitParams } from './junitParams.ts';
import { parseJunitParams } from './junitParams.ts';
import { sumJunitReports } from './sumJunitReports.ts';

/** Failing tests named in the reason (all of the first `maxFailedCases` are in the summary). */
const NAMED_IN_REASON = 3;

function parseFile(file: EvidenceFile): JunitReport {
  try {
    return parseJunit(file.bytes);
  } catch (error) {
    if (!(error instanceof EvidentError)) throw error;
    const name = clipText(file.name, JUNIT_LIMITS.maxStringChars);
    throw new EvidentError('invalid_evidence', `JUnit evidence "${name}": ${error.message}`, {
      evidence: name,
      sha256: file.sha256,
    });
  }
}

function testName(failed: JunitFailedCase): string {
  const { classname, name } = failed;
  return classname === '' || name.includes(classname) ? name : `${classname}.${name}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function failureReason(total: JunitReport): string {
  const broken = total.failures + total.errors;
  const named = total.failedCases.slice(0, NAMED_IN_REASON).map((failed) => JSON.stringify(testName(failed)));
  const more = broken > named.length ? `, and ${broken - named.length} more` : '';
  return (
    `${plural(broken, 'testcase', 'testcases')} of ${total.tests} did not pass ` +
    `(${plural(total.failures, 'failure', 'failures')}, ${plural(total.errors, 'error', 'errors')}): ` +
    `${named.join(', ')}${more}.`
  );
}

function summaryOf(total: JunitReport, files: readonly EvidenceFile[], reports: readonly JunitReport[]) {
  const counts = (report: JunitReport) => ({
    tests: report.tests,
    passed: report.passed,
    failures: report.failures,
    errors: report.errors,
    skipped: report.skipped,
  });
  return {
    reports: reports.length,
    suites: total.suites,
    ...counts(total),
    declared: { ...total.declared },
    failedCases: total.failedCases.map((failed) => ({ ...failed })),
    files: reports.map((report, i) => ({
      name: clipText(files[i]?.name ?? '', JUNIT_LIMITS.maxStringChars),
      sha256: files[i]?.sha256 ?? '',
      suites: report.suites,
      ...counts(report),
      declared: { ...report.declared },
    })),
  } satisfies { [key: string]: JsonValue };
}

/**
 * `junit` attestations (DESIGN §4, "compliance is computed, never trusted"): every attached JUnit XML
 * file is parsed and the testcases summed. Not compliant when any testcase failed or errored, when
 * there is no testcase at all (unless `allowEmpty`), when more than `maxSkipped` were skipped, or
 * when no report is attached. A file that is not JUnit XML throws EvidentError('invalid_evidence').
 */
export const junitEvaluator: AttestationEvaluator<JunitParams> = {
  type: 'junit',
  parseParams: parseJunitParams,
  evaluate({ evidence, params }): Evaluation {
    const reports = evidence.map(parseFile);
    const total = sumJunitReports(reports);
    const reasons: string[] = [];
    if (evidence.length === 0) reasons.push('No JUnit report is attached.');
    else if (total.tests === 0 && params.allowEmpty !== true) {
      reasons.push(`The JUnit ${reports.length === 1 ? 'report has' : 'reports have'} no testcase.`);
    }
    if (total.failures + total.errors > 0) reasons.push(failureReason(total));
    if (params.maxSkipped !== undefined && total.skipped > params.maxSkipped) {
      reasons.push(
        `${plural(total.skipped, 'testcase was', 'testcases were')} skipped, more than the ${params.maxSkipped} allowed (maxSkipped).`,
      );
    }
    return {
      compliant: reasons.length === 0,
      claimed: false,
      summary: summaryOf(total, evidence, reports),
      reasons,
    };
  },
};
