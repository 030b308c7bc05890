import { href } from '../router.ts';

/** A SHA-256 or commit shortened to 12 digits, the whole value on hover and for screen readers. */
export function Sha({ value, link = false }: { value: string; link?: boolean }) {
  const short = value.replace(/^sha256:/, '').slice(0, 12);
  const label = (
    <code class="sha" title={value} aria-label={value}>
      {short}
    </code>
  );
  return link ? <a href={href('artifacts', value.replace(/^sha256:/, ''))}>{label}</a> : label;
}
