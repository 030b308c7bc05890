import { useEffect, useRef } from 'preact/hooks';

/**
 * After a move to another page, keyboard and screen-reader users start at its heading (or its main
 * part), not on the link they followed, which is gone. The first page of a visit keeps the browser's
 * own focus, and a new view of the same page (its query, e.g. a tab) keeps the focus where it is.
 */
export function usePageFocus(path: string): void {
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (shown.current !== null && shown.current !== path)
      (document.getElementById('page-title') ?? document.getElementById('main'))?.focus({
        preventScroll: true,
      });
    shown.current = path;
  }, [path]);
}
