import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Resource } from '../useResource.ts';

/** A page's heading (also the document title) and content. */
export function Page({
  title,
  subtitle,
  actions,
  children,
}: {
  title: string;
  subtitle?: ComponentChildren;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${title} · Evident`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        <div>
          {/* Focused after a move to this page (usePageFocus.ts), so that reading starts here. */}
          <h1 id="page-title" tabIndex={-1}>
            {title}
          </h1>
          {subtitle !== undefined && <p class="subtitle">{subtitle}</p>}
        </div>
        {actions !== undefined && <div class="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/**
 * What to show while loading, on failure, or with the value. `notFound` replaces the error of a 404:
 * what a page's subject does not exist looks like (an `Empty` naming it, with where to go next).
 */
export function Loaded<T>({
  resource,
  notFound,
  children,
}: {
  resource: Resource<T>;
  notFound?: ComponentChildren;
  children: (value: T) => ComponentChildren;
}) {
  switch (resource.state) {
    case 'loading':
      return (
        <p class="loading" role="status">
          Loading…
        </p>
      );
    case 'error':
      if (resource.error.status === 404 && notFound !== undefined) return <>{notFound}</>;
      return (
        <div class="error-box" role="alert">
          <strong>{resource.error.status === 404 ? 'Not found.' : 'Something went wrong.'}</strong>{' '}
          {resource.error.message}
        </div>
      );
    case 'ready':
      return <>{children(resource.value)}</>;
  }
}

/** An empty state that says what to do next (issue #7). */
export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children !== undefined && <div class="empty-hint">{children}</div>}
    </div>
  );
}

/** A titled part of a page. */
export function Section({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="card">
      <header class="card-header">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
