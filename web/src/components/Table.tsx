import type { ComponentChildren } from 'preact';

/**
 * A column heading: its text, or its text with a class (`num` for a right-aligned number); `false`
 * leaves an optional column out.
 */
export type Column = string | { readonly label: string; readonly class: string } | false;

/**
 * A data table that scrolls sideways on a narrow screen: column headings, an optional caption for
 * screen readers, and the rows (`<tr>`s) as children.
 */
export function Table({
  columns,
  caption,
  class: className,
  children,
}: {
  columns: readonly Column[];
  /** What the table lists, for screen readers only. */
  caption?: string;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={className}>
        {caption !== undefined && <caption class="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) =>
              column === false ? null : typeof column === 'string' ? (
                <th key={i} scope="col">
                  {column}
                </th>
              ) : (
                <th key={i} scope="col" class={column.class}>
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
