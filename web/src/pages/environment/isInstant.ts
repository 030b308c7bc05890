/**
 * Whether `?at=` holds an instant as the UI writes it and the API takes it: an ISO 8601 date-time
 * with `Z` or an offset, or a date alone (midnight UTC). Anything else is told to the viewer in a
 * sentence rather than sent to the API.
 */
export function isInstant(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}
