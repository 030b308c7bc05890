import type { ProviderReply } from './providerClient.ts';

// Where each provider says the next page of a list is; `collectPages` follows them. Every function
// returns `undefined` after the last page.

/**
 * GitHub: the `link` header's rel="next" URL (RFC 8288;
 * docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api).
 */
export function linkHeaderNext(reply: ProviderReply): URL | undefined {
  const header = reply.headers.get('link');
  if (header === null) return undefined;
  for (const [, target = '', params = ''] of header.matchAll(/<([^>]*)>([^,]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(params)?.[1] ?? '';
    if (rel.toLowerCase().split(/\s+/).includes('next')) {
      try {
        return new URL(target, reply.url);
      } catch {
        reply.shape.fail('the link header', 'a valid URL');
      }
    }
  }
  return undefined;
}

/**
 * GitLab: the `x-next-page` header holds the next page's number and is empty on the last
 * (docs.gitlab.com/api/rest, "Pagination").
 */
export function gitlabNextPage(reply: ProviderReply): URL | undefined {
  const next = reply.headers.get('x-next-page')?.trim() ?? '';
  if (next === '') return undefined;
  if (!/^[0-9]+$/.test(next)) reply.shape.fail('the x-next-page header', 'a page number');
  const url = new URL(reply.url);
  url.searchParams.set('page', next);
  return url;
}

/**
 * Bitbucket: the body's `next` link, followed as given (developer.atlassian.com/cloud/bitbucket/rest/intro,
 * "Pagination": "refrain from constructing your own URLs").
 */
export function bitbucketNext(reply: ProviderReply): URL | undefined {
  const page = reply.shape.object(reply.body, 'the page');
  const next = reply.shape.optionalText(page, 'next');
  if (next === undefined) return undefined;
  try {
    return new URL(next);
  } catch {
    return reply.shape.fail('next', 'a URL');
  }
}

/**
 * Azure DevOps: the `x-ms-continuationtoken` response header, sent back as the `continuationToken`
 * query parameter (learn.microsoft.com/rest/api/azure/devops/git/pull-request-commits).
 */
export function azureContinuation(reply: ProviderReply): URL | undefined {
  const token = reply.headers.get('x-ms-continuationtoken')?.trim() ?? '';
  if (token === '') return undefined;
  const url = new URL(reply.url);
  url.searchParams.set('continuationToken', token);
  return url;
}
