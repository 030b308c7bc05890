import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Session } from '../api.ts';
import { navigate } from '../router.ts';

const NAV = [
  ['/', 'Overview'],
  ['/flows', 'Flows'],
  ['/approvals', 'Approvals'],
  ['/ledger', 'Ledger'],
] as const;

function isCurrent(link: string, path: string): boolean {
  if (link === '/') return path === '/' || path.startsWith('/environments/');
  return path === link || path.startsWith(`${link}/`);
}

/** The frame of every page: navigation, search, who is signed in, and the page itself. */
export function Layout({
  session,
  path,
  onSignOut,
  children,
}: {
  session: Session;
  path: string;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const [q, setQ] = useState('');
  const who = session.actor.name ?? (session.actor.kind === 'system' ? 'API token' : session.actor.kind);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          <span class="logo" aria-hidden="true">
            E
          </span>{' '}
          Evident
        </a>
        <nav aria-label="Main">
          {NAV.map(([link, label]) => (
            <a key={link} href={link} aria-current={isCurrent(link, path) ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <form
          class="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (q.trim() !== '') navigate(`/search?q=${encodeURIComponent(q.trim())}`);
          }}
        >
          <label class="visually-hidden" for="global-search">
            Search
          </label>
          <input
            id="global-search"
            type="search"
            placeholder="SHA, commit or name"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </form>
        <div class="who">
          <span title={`role: ${session.role}`}>
            {who} · <span class="muted">{session.org}</span> · <span class="role">{session.role}</span>
          </span>
          <button type="button" class="link" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      {session.insecureTransport === true && (
        <p class="banner-warn" role="alert">
          This connection is not encrypted (plain HTTP): put the server behind HTTPS before real use.
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
