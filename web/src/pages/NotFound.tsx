import { Empty, Page } from '../components/Page.tsx';

export function NotFound() {
  return (
    <Page title="Page not found">
      <Empty title="There is no page at this address.">
        <a href="/">Go to the overview</a> or search for an artifact, commit or name above.
      </Empty>
    </Page>
  );
}
