import { orgPath } from '../api.ts';
import type { EvidenceFile } from '../deliveryTypes.ts';

/**
 * A download of an evidence file from the vault. A plain link: the session cookie authenticates
 * it, and `download` names the saved file (the server sends no file name of its own).
 */
export function EvidenceLink({ org, file }: { org: string; file: EvidenceFile }) {
  return (
    <a
      class="evidence-link"
      href={orgPath(org, 'evidence', file.sha256)}
      download={file.name}
      title={`Download ${file.name} (sha256:${file.sha256})`}
    >
      <span aria-hidden="true">⤓</span> {file.name}
    </a>
  );
}
