import { EvidentError } from '../errors.ts';
import { attestationNameOf } from './inTotoNames.ts';
import { sha256Subjects, type InTotoStatement } from './readInToto.ts';

/** Most attestations one import records (statements × matched subjects). */
export const MAX_IMPORTED_ATTESTATIONS = 100;

/** One attestation an import will record. */
export interface ImportStep {
  /** Index of the statement in the file. */
  readonly index: number;
  /** The sha256 subject it binds to; null: none, it is the trail's. */
  readonly subject: string | null;
  readonly name: string;
  readonly predicateType: string;
}

/**
 * The attestations an in-toto file makes (issue #8 §4): one per statement and sha256 subject, or one
 * for the trail when a statement has none; named `name`, or by predicate (inTotoNames.ts). Only the
 * latest attestation of a name counts for its target (the trail, or one artifact), so a `name` that
 * would give two of them the same target — e.g. a file of several statements about one artifact —
 * is refused (bad_request) rather than let all but the last be superseded unseen. Several subjects of
 * one statement are several targets, so a name may cover them. The CLI runs it before sending
 * anything, the server again before recording anything.
 */
export function importPlan(
  statements: readonly InTotoStatement[],
  file: string,
  name: string | undefined,
): ImportStep[] {
  const plan = statements.flatMap((statement, index) => {
    const subjects = sha256Subjects(statement);
    return (subjects.length === 0 ? [null] : subjects).map((subject) => ({
      index,
      subject,
      name: name ?? attestationNameOf(statement.predicateType),
      predicateType: statement.predicateType,
    }));
  });
  if (plan.length > MAX_IMPORTED_ATTESTATIONS) {
    throw new EvidentError(
      'invalid_evidence',
      `${file} would make ${plan.length} attestations (statements × sha256 subjects); at most ${MAX_IMPORTED_ATTESTATIONS} an import`,
    );
  }
  if (name !== undefined) {
    const clash = plan.find((step, i) => plan.findIndex((s) => s.subject === step.subject) !== i);
    if (clash !== undefined) {
      const target = clash.subject === null ? 'the trail' : `artifact ${clash.subject}`;
      const of = plan.filter((s) => s.subject === clash.subject).map((s) => s.index);
      throw new EvidentError(
        'bad_request',
        `name "${name}" would be given to ${of.length} attestations of ${target} (statements ${of.join(', ')} of ${file}), and only the latest of a name counts; leave the name out to name each by its predicate, or import the statements one file each`,
      );
    }
  }
  return plan;
}
