/**
 * A page's views as a row of links: each view has its own address (bookmarkable, opens in a new tab),
 * and links are reached with Tab and followed with Enter like any other.
 */
export function Tabs({
  label,
  tabs,
}: {
  label: string;
  tabs: readonly { readonly href: string; readonly label: string; readonly current: boolean }[];
}) {
  return (
    <nav class="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <a key={tab.href} href={tab.href} aria-current={tab.current ? 'page' : undefined}>
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
