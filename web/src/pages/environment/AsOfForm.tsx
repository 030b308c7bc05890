import { useState } from 'preact/hooks';
import { instantOf, InstantInput, localInputOf } from '../../components/InstantInput.tsx';

/**
 * The time picker of the Running view: a moment in the viewer's time zone, or now. The page keys it
 * by the instant shown, so going back in history refills the field.
 */
export function AsOfForm({
  at,
  onPick,
}: {
  at: string | undefined;
  onPick: (at: string | undefined) => void;
}) {
  const [local, setLocal] = useState(() => localInputOf(at));
  return (
    <form
      class="as-of-form"
      aria-label="Point in time"
      onSubmit={(e) => {
        e.preventDefault();
        const instant = instantOf(local);
        if (instant !== undefined) onPick(instant);
      }}
    >
      <InstantInput id="as-of" label="As of" value={local} onInput={setLocal} required />
      <button type="submit" class="primary">
        Show
      </button>
      <button type="button" onClick={() => onPick(undefined)} disabled={at === undefined}>
        Now
      </button>
    </form>
  );
}
