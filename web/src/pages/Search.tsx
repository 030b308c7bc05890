import { useEffect, useState } from 'preact/hooks';
import { api, orgPath, query } from '../api.ts';
import type { SearchAnswer, SearchHit } from '../artifactTypes.ts';
import { EvidenceLink } from '../components/EvidenceLink.tsx';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import { Sha } from '../components/Sha.tsx';
import { Table } from '../components/Table.tsx';
import { TrailName } from '../components/TrailName.tsx';
import { Tag, Verdict } from '../components/Verdict.tsx';
import { href, navigate } from '../router.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';

type Hit<K extends SearchHit['kind']> = Extract<SearchHit, { kind: K }>;

/** The API's bounds on `q` (src/server/routes/searchRoutes.ts); SHA prefixes need 5 hex digits. */
const MIN = 2;
const MAX = 100;
const MIN_SHA = 5;

const MATCHED: Record<SearchHit['matched'], string> = {
  name: 'name',
  commit: 'commit',
  fingerprint: 'fingerprint',
  sha256: 'SHA-256',
};

function Matched({ hit }: { hit: SearchHit }) {
  return <span class="hint">matched by {MATCHED[hit.matched]}</span>;
}

/** One fingerprint per row, with every trail that reported it (a fingerprint may be built twice). */
function Artifacts({ hits, q }: { hits: Hit<'artifact'>[]; q: string }) {
  const byFingerprint = new Map<string, Hit<'artifact'>[]>();
  for (const hit of hits)
    byFingerprint.set(hit.fingerprint, [...(byFingerprint.get(hit.fingerprint) ?? []), hit]);
  return (
    <Section title={`Artifacts (${byFingerprint.size})`}>
      <Table columns={['Artifact', 'Fingerprint', 'Built by', 'Verdict']}>
        {[...byFingerprint].map(([fingerprint, list]) => {
          const first = list[0] as Hit<'artifact'>;
          const exact = fingerprint === q.toLowerCase().replace(/^sha256:/, '');
          return (
            <tr key={fingerprint}>
              <th scope="row">
                <a class="cell-title" href={href('artifacts', fingerprint)}>
                  {[...new Set(list.map((h) => h.name))].join(', ')}
                </a>{' '}
                {exact && <Tag tone="good">exact match</Tag>}
                <div>
                  <Matched hit={first} />
                </div>
              </th>
              <td>
                <Sha value={fingerprint} link />
              </td>
              <td>
                {first.flow === null ? (
                  <Tag tone="bad">
                    <span aria-hidden="true">⚠</span> No provenance
                  </Tag>
                ) : (
                  <ul class="plain-list">
                    {list.map((h) => (
                      <li key={`${h.flow ?? ''}/${h.trail ?? ''}`}>
                        <a href={href('flows', h.flow ?? '', 'trails', h.trail ?? '')}>
                          {h.flow} / <TrailName name={h.trail ?? ''} />
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <Verdict value={first.compliant ?? 'unknown'} />
              </td>
            </tr>
          );
        })}
      </Table>
    </Section>
  );
}

function Trails({ hits }: { hits: Hit<'trail'>[] }) {
  return (
    <Section title={`Trails (${hits.length})`}>
      <Table columns={['Trail', 'Flow', 'Commit', 'Verdict']}>
        {hits.map((h) => (
          <tr key={`${h.flow}/${h.trail}`}>
            <th scope="row">
              <a class="cell-title" href={href('flows', h.flow, 'trails', h.trail)}>
                <TrailName name={h.trail} />
              </a>
              <div>
                <Matched hit={h} />
              </div>
            </th>
            <td>
              <a href={href('flows', h.flow)}>{h.flow}</a>
            </td>
            <td>{h.commit === null ? <span class="muted">none recorded</span> : <Sha value={h.commit} />}</td>
            <td>
              <Verdict value={h.compliant} />
            </td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}

/** A flow or environment found by name: its name, its page, and a word about it. */
function named(hit: Hit<'flow'> | Hit<'environment'>): { label: string; link: string; detail: string } {
  return hit.kind === 'flow'
    ? { label: hit.flow, link: href('flows', hit.flow), detail: hit.description }
    : { label: hit.environment, link: href('environments', hit.environment), detail: hit.type };
}

function Named({ title, hits }: { title: string; hits: readonly (Hit<'flow'> | Hit<'environment'>)[] }) {
  return (
    <Section title={`${title} (${hits.length})`}>
      <ul class="hit-list">
        {hits.map(named).map((i) => (
          <li key={i.label}>
            <a class="cell-title" href={i.link}>
              {i.label}
            </a>
            {i.detail !== '' && <span class="muted"> — {i.detail}</span>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** A file name for a download of evidence known only by digest: its start, and a usual extension. */
function evidenceName(hit: Hit<'evidence'>): string {
  const extension = /json/.test(hit.mediaType) ? '.json' : /xml/.test(hit.mediaType) ? '.xml' : '';
  return `${hit.sha256.slice(0, 12)}${extension}`;
}

function Evidence({ org, hits }: { org: string; hits: Hit<'evidence'>[] }) {
  return (
    <Section title={`Evidence files (${hits.length})`}>
      <ul class="hit-list">
        {hits.map((h) => (
          <li key={h.sha256}>
            <EvidenceLink org={org} file={{ name: evidenceName(h), sha256: h.sha256 }} />{' '}
            <span class="muted">
              {h.mediaType}, {h.size.toLocaleString()} bytes
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Results({ org, q, answer }: { org: string; q: string; answer: SearchAnswer }) {
  const of = <K extends SearchHit['kind']>(kind: K) =>
    answer.hits.filter((h): h is Hit<K> => h.kind === kind);
  const [artifacts, trails, flows, environments, evidence] = [
    of('artifact'),
    of('trail'),
    of('flow'),
    of('environment'),
    of('evidence'),
  ];
  if (answer.hits.length === 0)
    return (
      <Empty title={`Nothing matches “${q}”.`}>
        Try fewer characters of a SHA (at least {MIN_SHA} hex digits, from its start), the start of a commit
        id, or part of a name (for example <code>payments</code> or <code>prod</code>). The fingerprint of a
        file is its <code>sha256sum</code>; of an image, its digest.
      </Empty>
    );
  return (
    <>
      {answer.truncated && (
        <p class="notice">
          Many things match: only the first 50 of each kind are shown. Type more to narrow it.
        </p>
      )}
      {artifacts.length > 0 && <Artifacts hits={artifacts} q={q} />}
      {trails.length > 0 && <Trails hits={trails} />}
      {flows.length > 0 && <Named title="Flows" hits={flows} />}
      {environments.length > 0 && <Named title="Environments" hits={environments} />}
      {evidence.length > 0 && <Evidence org={org} hits={evidence} />}
    </>
  );
}

/** Why `q` cannot be searched, or null when it can. */
function refusal(q: string): string | null {
  if (q.length < MIN)
    return `Type at least ${MIN} characters: a SHA or commit prefix (${MIN_SHA} or more hex digits) or part of a name.`;
  if (q.length > MAX) return `That is ${q.length} characters; a search takes at most ${MAX}.`;
  return null;
}

/** Search by SHA prefix (artifact or evidence), commit prefix, or part of a name; results by kind. */
export function Search({ session, query: search }: PageProps) {
  const q = (search.get('q') ?? '').trim();
  const [text, setText] = useState(q);
  // The page stays mounted when the top bar's search box asks again: show the new question.
  useEffect(() => setText(q), [q]);
  const problem = q === '' ? null : refusal(q);
  const [answer] = useResource(`search:${q}`, () =>
    q === '' || problem !== null
      ? Promise.resolve(null)
      : api.get<SearchAnswer>(orgPath(session.org, 'search') + query({ q })),
  );
  const shortHex = /^[0-9a-f]{2,4}$/i.test(q);
  return (
    <Page title={q === '' ? 'Search' : `Search: ${q}`}>
      <form
        class="card search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/search${query({ q: text.trim() })}`);
        }}
      >
        <label for="search-page-q">Fingerprint, commit or name</label>
        <div class="search-row">
          <input
            id="search-page-q"
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-describedby="search-page-hint"
          />
          <button type="submit" class="primary">
            Search
          </button>
        </div>
        <p id="search-page-hint" class="hint">
          The start of an artifact’s SHA-256 or of an evidence file’s ({MIN_SHA}+ hex digits,{' '}
          <code>sha256:</code> allowed), the start of a commit id, or part of the name of a flow, trail,
          artifact or environment.
        </p>
      </form>
      {q === '' ? (
        <Empty title="Type what you are looking for above.">
          For example the first 7 digits of an image digest, a commit id from <code>git log</code>, or{' '}
          <code>payments</code>.
        </Empty>
      ) : problem !== null ? (
        <p class="error-box" role="alert">
          {problem}
        </p>
      ) : (
        <Loaded resource={answer}>
          {(a) =>
            a === null ? null : (
              <>
                {shortHex && (
                  <p class="notice">
                    {q.length} hex digits are too few for a SHA prefix ({MIN_SHA} needed): only names were
                    searched.
                  </p>
                )}
                <Results org={session.org} q={q} answer={a} />
              </>
            )
          }
        </Loaded>
      )}
    </Page>
  );
}
