/** The plugin's REST route for the hub's signed messages about one attachment (results and edits alike). */
export const CALLBACK_ROUTE = '/tagphoto/v1/callback';

const ATTACHMENT_ID = /^[1-9][0-9]{0,18}$/;

/**
 * The attachment a plugin's callback URL names (`…/wp-json/tagphoto/v1/callback?attachment=12`, or the
 * `?rest_route=` form of a site without pretty permalinks), when the URL is under the site's own address.
 */
export function attachmentOfCallback(callbackUrl: string | undefined, siteUrl: string): string | undefined {
  if (!callbackUrl || !(callbackUrl.startsWith(`${siteUrl}/`) || callbackUrl.startsWith(`${siteUrl}?`))) return;
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return undefined;
  }
  const route = url.searchParams.get('rest_route') ?? url.pathname;
  if (!route.replace(/\/+$/, '').endsWith(CALLBACK_ROUTE)) return undefined;
  const attachment = url.searchParams.get('attachment') ?? '';
  return ATTACHMENT_ID.test(attachment) ? attachment : undefined;
}

/**
 * Where an edit of an attachment is sent: the registered site address and the plugin's callback route, built here and
 * never taken from a request, so the hub writes to nothing but the site that connected. `rest_route` reaches the REST
 * API with or without pretty permalinks.
 */
export function editUrlOf(siteUrl: string, attachmentId: string): string {
  if (!ATTACHMENT_ID.test(attachmentId)) throw new Error(`not a WordPress attachment id: ${attachmentId}`);
  const url = new URL(`${siteUrl}/`);
  url.searchParams.set('rest_route', CALLBACK_ROUTE);
  url.searchParams.set('attachment', attachmentId);
  return url.toString();
}

/** What the hub makes of the plugin's answer to an edit: done, worth another attempt, or refused for good. */
export type EditAnswer = 'applied' | 'retry' | 'refused';

export function answerOf(status: number): EditAnswer {
  if (status >= 200 && status < 300) return 'applied';
  // A timeout, a rate limit or the site's own trouble passes; any other 4xx names a request it will never accept.
  if (status === 408 || status === 429 || status >= 500 || status < 200) return 'retry';
  return 'refused';
}
