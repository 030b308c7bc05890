import { loadRecorder } from '../loadRecorder.ts';
import { useResource } from '../useResource.ts';

/** Who recorded ledger entry `index` (a person, a service account or a token). */
export function RecordedBy({ org, index }: { org: string; index: number }) {
  const [recorder] = useResource(`recorder:${org}:${index}`, () => loadRecorder(org, index));
  switch (recorder.state) {
    case 'loading':
      return <span class="muted">…</span>;
    case 'error':
      return (
        <span class="muted" title={recorder.error.message}>
          not readable (entry {index})
        </span>
      );
    case 'ready':
      return <span>{recorder.value}</span>;
  }
}
