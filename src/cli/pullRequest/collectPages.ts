import { EvidentError } from '../../core/errors.ts';
import type { ProviderCall, ProviderClient, ProviderReply } from './providerClient.ts';
import type { JsonObject, ResponseShape } from './responseShape.ts';

/**
 * Pages read at most per list. With 100 items a page that is 5,000 reviews or commits, more than a
 * reviewable pull request has; a provider that keeps answering "next" past it is looping.
 */
const MAX_PAGES = 50;

export interface PagedList<T> {
  readonly first: URL;
  /** The evidence file name of page `page` (1-based). */
  readonly raw: (page: number) => string;
  readonly subject: string;
  /** Where the items are in a page's body. */
  readonly items: (body: unknown, shape: ResponseShape) => readonly JsonObject[];
  /** One item as the caller wants it, or `undefined` to leave it out. */
  readonly map: (item: JsonObject, shape: ResponseShape) => T | undefined;
  /** The next page's URL, by the provider's own mechanism, or `undefined` after the last page. */
  readonly next: (reply: ProviderReply) => URL | undefined;
  readonly onStatus?: ProviderCall['onStatus'];
}

/** The items of a page whose body is a JSON array (GitHub, GitLab). */
export function arrayBody(body: unknown, shape: ResponseShape): readonly JsonObject[] {
  return shape.objects(body, 'the list');
}

/** Every item of a paginated list, following the provider's "next" until it stops. */
export async function collectPages<T>(
  client: ProviderClient,
  list: PagedList<T>,
  maxPages = MAX_PAGES,
): Promise<T[]> {
  const collected: T[] = [];
  let url: URL | undefined = list.first;
  for (let page = 1; url !== undefined; page++) {
    if (page > maxPages) {
      throw new EvidentError(
        'payload_too_large',
        `${client.label} still had more ${list.subject} after ${maxPages} pages (from ${list.first.href}); stopped reading`,
      );
    }
    const reply = await client.json({
      url,
      raw: list.raw(page),
      subject: list.subject,
      ...(list.onStatus !== undefined && { onStatus: list.onStatus }),
    });
    for (const item of list.items(reply.body, reply.shape)) {
      const mapped = list.map(item, reply.shape);
      if (mapped !== undefined) collected.push(mapped);
    }
    url = list.next(reply);
  }
  return collected;
}
