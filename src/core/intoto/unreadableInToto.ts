import type { EvidenceFile } from '../compliance/evaluation.ts';
import { invalidEvidence } from '../compliance/evidenceJson.ts';
import type { EvidentError } from '../errors.ts';

/**
 * The `invalid_evidence` error for a document of an in-toto file that cannot be read, as one
 * sentence: `evidence file "env.json" cannot be read as in-toto: the DSSE payload is not base64`.
 * `where` locates the document in a JSON Lines file (" at line 3") and is "" for a single document.
 */
export function unreadableInToto(file: EvidenceFile, where: string, problem: string): EvidentError {
  return invalidEvidence(file, `cannot be read as in-toto${where}: ${problem}`);
}
