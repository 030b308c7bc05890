/** The flag of an artifact that started without provenance or against policy (DESIGN §4). */
export function UnauthorisedTag() {
  return (
    <span class="badge badge-bad" title="Started without provenance or against the environment's policies">
      <span aria-hidden="true">⚠</span> Unauthorised
    </span>
  );
}
