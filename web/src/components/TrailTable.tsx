import type { Trail } from '../deliveryTypes.ts';
import { href } from '../router.ts';
import { Sha } from './Sha.tsx';
import { Table } from './Table.tsx';
import { Time } from './Time.tsx';
import { TrailName } from './TrailName.tsx';
import { Verdict } from './Verdict.tsx';

/** "Priya Nair" of a git signature "Priya Nair <priya@…>" (the whole signature is on hover). */
function personName(signature: string): string {
  return signature.replace(/\s*<[^>]*>\s*$/, '') || signature;
}

/** The first line of a commit message. */
export function commitTitle(message: string | undefined): string {
  return (message ?? '').split('\n', 1)[0] ?? '';
}

/** Trails with their commit, verdict (and the first reason) and when they began. */
export function TrailTable({ trails, showFlow = false }: { trails: readonly Trail[]; showFlow?: boolean }) {
  return (
    <Table columns={['Trail', showFlow && 'Flow', 'Commit', 'Verdict', 'Began']}>
      {trails.map((t) => (
        <tr key={`${t.flow}/${t.name}`} data-trail={t.name}>
          <th scope="row" class="nowrap">
            <a class="cell-title" href={href('flows', t.flow, 'trails', t.name)}>
              <TrailName name={t.name} />
            </a>
          </th>
          {showFlow && (
            <td>
              <a href={href('flows', t.flow)}>{t.flow}</a>
            </td>
          )}
          <td>
            {t.commit === null ? (
              <span class="muted">no commit recorded</span>
            ) : (
              <>
                <Sha value={t.commit.sha} /> {commitTitle(t.commit.message)}
                <div class="hint">
                  {t.commit.author !== undefined && (
                    <span title={t.commit.author}>{personName(t.commit.author)}</span>
                  )}
                  {t.commit.author !== undefined && t.commit.branch !== undefined && ' · '}
                  {t.commit.branch !== undefined && <code>{t.commit.branch}</code>}
                </div>
              </>
            )}
          </td>
          <td>
            <Verdict value={t.compliant} />
            {t.reasons.length > 0 && (
              <div class="hint clamp-2" title={t.reasons.join('\n')}>
                {t.reasons[0]}
                {t.reasons.length > 1 && ` (and ${t.reasons.length - 1} more)`}
              </div>
            )}
          </td>
          <td class="nowrap">
            <Time at={t.createdAt} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
