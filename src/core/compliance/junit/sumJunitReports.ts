import type { JunitDeclaredCounts, JunitFailedCase, JunitReport } from './parseJunit.ts';
import { JUNIT_LIMITS } from './parseJunit.ts';

/** Several evidence files of one attestation are several reports of one run: their counts add up. */
export function sumJunitReports(reports: readonly JunitReport[]): JunitReport {
  const declared = (key: keyof JunitDeclaredCounts): number | null => {
    const stated = reports.map((report) => report.declared[key]).filter((value) => value !== null);
    return stated.length === 0 ? null : stated.reduce((sum, value) => sum + value, 0);
  };
  const total = (key: 'suites' | 'tests' | 'passed' | 'failures' | 'errors' | 'skipped'): number =>
    reports.reduce((sum, report) => sum + report[key], 0);
  const failedCases: JunitFailedCase[] = reports
    .flatMap((report) => report.failedCases)
    .slice(0, JUNIT_LIMITS.maxFailedCases);
  return {
    suites: total('suites'),
    tests: total('tests'),
    passed: total('passed'),
    failures: total('failures'),
    errors: total('errors'),
    skipped: total('skipped'),
    declared: {
      tests: declared('tests'),
      failures: declared('failures'),
      errors: declared('errors'),
      skipped: declared('skipped'),
    },
    failedCases,
  };
}
