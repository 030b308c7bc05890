import type { Provenance as Trails } from '../environmentTypes.ts';
import { href } from '../router.ts';
import { TrailName } from './TrailName.tsx';
import { Tag } from './Verdict.tsx';

/** Where an artifact came from: the trails (builds) that reported it, or a warning that none did. */
export function Provenance({ trails }: { trails: Trails }) {
  if (trails.length === 0) return <Tag tone="warn">No provenance</Tag>;
  return (
    <ul class="plain-list provenance">
      {trails.map((t) => (
        <li key={`${t.flow}/${t.trail}`}>
          <a href={href('flows', t.flow, 'trails', t.trail)}>
            {t.flow} / <TrailName name={t.trail} />
          </a>
        </li>
      ))}
    </ul>
  );
}
