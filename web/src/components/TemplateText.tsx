import type { AttestationRequirement, FlowTemplate } from '../deliveryTypes.ts';
import { Empty } from './Page.tsx';

/** The attestation types in words (README "Compliance is computed, not claimed"). */
const TYPES: Record<string, string> = {
  junit: 'JUnit test results',
  sarif: 'SARIF scan',
  snyk: 'Snyk scan',
  trivy: 'Trivy scan',
  pull_request: 'pull request reviewed by someone other than its author',
  jira: 'Jira ticket reference',
  generic: 'generic claim',
  approval: 'approval',
  intoto: 'in-toto statement (SLSA provenance, test result, vulns or VSA)',
};

export function typeInWords(type: string): string {
  return type.startsWith('custom:') ? `custom type ${type.slice(7)}` : (TYPES[type] ?? type);
}

/** `failOn: CRITICAL, HIGH; maxSkipped: 0` */
function paramsInWords(params: unknown): string {
  if (typeof params !== 'object' || params === null) return '';
  const value = (v: unknown): string =>
    Array.isArray(v) ? v.map(value).join(', ') : typeof v === 'string' ? v : JSON.stringify(v);
  return Object.entries(params as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join('; ');
}

function Requirements({ list }: { list: readonly AttestationRequirement[] }) {
  if (list.length === 0) return <p class="muted">No attestations.</p>;
  return (
    <ul class="requirements">
      {list.map((r) => {
        const params = paramsInWords(r.params);
        return (
          <li key={r.name}>
            <strong>{r.name}</strong> — {typeInWords(r.type)} <code class="muted">{r.type}</code>
            {params !== '' && <span class="muted"> ({params})</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** A flow's or trail's template as sentences: what the trail, and each artifact in it, must have. */
export function TemplateText({ template }: { template: FlowTemplate | null }) {
  if (template === null)
    return (
      <Empty title="No template: nothing is required of a trail.">
        An admin or writer sets one with <code>evident create flow NAME --template FILE</code>; trails begun
        after that must have what it lists.
      </Empty>
    );
  const { attestations, artifacts } = template.trail;
  return (
    <div class="template-text">
      {attestations.length === 0 ? (
        <p>A trail itself needs no attestations.</p>
      ) : (
        <>
          <h3>Every trail needs</h3>
          <Requirements list={attestations} />
        </>
      )}
      {artifacts.length === 0 ? (
        <p>The template names no artifacts.</p>
      ) : (
        artifacts.map((a) => (
          <div key={a.name}>
            <h3>
              Its artifact <code>{a.name}</code> needs
            </h3>
            <Requirements list={a.attestations} />
          </div>
        ))
      )}
    </div>
  );
}
