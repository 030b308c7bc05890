// A moment picked by a person: a `datetime-local` field read in the viewer's own time zone (issue
// #7), converted to and from the absolute instants the API speaks.

/** The viewer's time zone, e.g. "Europe/Berlin", named beside every time field. */
export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value in the viewer's time zone ('' when it is not one). */
export function localInputOf(iso: string | null | undefined): string {
  const date = new Date(iso ?? '');
  if (Number.isNaN(date.getTime())) return '';
  const seconds = date.getSeconds() === 0 ? '' : `:${pad(date.getSeconds())}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}${seconds}`
  );
}

/** A `datetime-local` value, read in the viewer's time zone, as an ISO instant (undefined when blank). */
export function instantOf(local: string): string | undefined {
  // A datetime-local value has no offset, which Date reads as local time.
  const date = new Date(local);
  return local === '' || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function InstantInput({
  id,
  label,
  value,
  onInput,
  required = false,
}: {
  id: string;
  label: string;
  /** The field's text, as `localInputOf` writes it. */
  value: string;
  onInput: (value: string) => void;
  required?: boolean;
}) {
  return (
    <label for={id}>
      <span>
        {label} <span class="muted field-note">({TIME_ZONE})</span>
      </span>
      <input
        id={id}
        type="datetime-local"
        step="1"
        required={required}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}
