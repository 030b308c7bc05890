// Every page of the UI and the address it lives at (issue #7 "Pages").
import type { FunctionComponent } from 'preact';
import type { Session } from './api.ts';
import { Approvals } from './pages/Approvals.tsx';
import { Artifact } from './pages/Artifact.tsx';
import { Environment } from './pages/Environment.tsx';
import { Flow } from './pages/Flow.tsx';
import { Flows } from './pages/Flows.tsx';
import { Home } from './pages/Home.tsx';
import { Ledger } from './pages/Ledger.tsx';
import { Search } from './pages/Search.tsx';
import { Trail } from './pages/Trail.tsx';

/** What every page gets: the session, its route parameters and the query string. */
export interface PageProps {
  readonly session: Session;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
}

export const ROUTES: readonly (readonly [string, FunctionComponent<PageProps>])[] = [
  ['/', Home],
  ['/environments/:name', Environment],
  ['/artifacts/:fingerprint', Artifact],
  ['/flows', Flows],
  ['/flows/:flow', Flow],
  ['/flows/:flow/trails/:trail', Trail],
  ['/search', Search],
  ['/approvals', Approvals],
  ['/ledger', Ledger],
];
