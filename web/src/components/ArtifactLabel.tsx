import { Fragment } from 'preact';
import { Sha } from './Sha.tsx';

/** An artifact as people know it (its name) and as the ledger does (its fingerprint, a link to its page). */
export function ArtifactLabel({ name, fingerprint }: { name: string; fingerprint: string }) {
  // Long image references wrap after a slash, colon, @ or hyphen, not in the middle of a word; only
  // a run longer than any word (a digest) breaks inside, so that it never widens its table.
  const parts = name.split(/(?<=[/:@-])/).flatMap((part) => part.match(/.{1,24}/g) ?? []);
  return (
    <div class="artifact-label">
      <span class="artifact-name">
        {parts.map((part, i) => (
          <Fragment key={i}>
            {i > 0 && <wbr />}
            {part}
          </Fragment>
        ))}
      </span>
      <Sha value={fingerprint} link />
    </div>
  );
}
