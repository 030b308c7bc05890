import { useEffect, useState } from 'preact/hooks';
import { api, useSessionToken, type Session } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { match, navigate, useLocation } from './router.ts';
import { ROUTES } from './routes.tsx';
import { usePageFocus } from './usePageFocus.ts';

type SessionState =
  | { readonly state: 'checking' }
  | { readonly state: 'out' }
  | { readonly state: 'in'; readonly session: Session };

/** Follows plain links inside the app without reloading; new tabs, downloads and API links are left alone. */
function followLinks(event: MouseEvent): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  const anchor = (event.target as Element | null)?.closest('a');
  if (anchor === null || anchor === undefined || anchor.target !== '' || anchor.hasAttribute('download'))
    return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  // A link to a part of this page (the skip link to #main): the browser scrolls to and focuses it.
  if (url.hash !== '' && url.pathname === window.location.pathname && url.search === window.location.search)
    return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

export function App() {
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const location = useLocation();

  useEffect(() => {
    // 204 (no session) when nobody is signed in: a signed-out visit logs no error (sessionRoutes.ts).
    api.get<Session | undefined>('/api/v1/session').then(
      (s) => setSession(s === undefined ? { state: 'out' } : { state: 'in', session: s }),
      (e: unknown) => {
        console.error(e);
        setSession({ state: 'out' });
      },
    );
    document.addEventListener('click', followLinks);
    return () => document.removeEventListener('click', followLinks);
  }, []);
  useSessionToken(session.state === 'in' ? session.session : null);
  usePageFocus(location.path);

  if (session.state === 'checking')
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  if (session.state === 'out') return <SignIn onSignedIn={(s) => setSession({ state: 'in', session: s })} />;

  const signOut = async (): Promise<void> => {
    await api.delete('/api/v1/session').catch((e: unknown) => console.error(e));
    setSession({ state: 'out' });
    navigate('/');
  };
  const found = ROUTES.map(([pattern, page]) => [match(pattern, location.path), page] as const).find(
    ([params]) => params !== undefined,
  );
  const [params, Page] = found ?? [{}, NotFound];
  return (
    <Layout session={session.session} path={location.path} onSignOut={() => void signOut()}>
      <Page key={location.path} session={session.session} params={params ?? {}} query={location.query} />
    </Layout>
  );
}
