import { answerOf, attachmentOfCallback, editUrlOf } from './wordpress-attachments';

const SITE = 'http://blog.test/blog';

describe('which attachment a plugin upload is for, and where its edits go', () => {
  it('reads the attachment from the plugin’s callback URL, in either REST form', () => {
    expect(attachmentOfCallback(`${SITE}/wp-json/tagphoto/v1/callback?attachment=12`, SITE)).toBe('12');
    expect(attachmentOfCallback(`${SITE}/?rest_route=/tagphoto/v1/callback&attachment=7`, SITE)).toBe('7');
    expect(attachmentOfCallback(`${SITE}/index.php?rest_route=%2Ftagphoto%2Fv1%2Fcallback&attachment=7`, SITE)).toBe(
      '7',
    );
  });

  it('ignores a callback that is not the site’s own callback route or names no attachment', () => {
    expect(attachmentOfCallback('http://blog.test/blog2/wp-json/tagphoto/v1/callback?attachment=12', SITE)).toBe(
      undefined,
    );
    expect(
      attachmentOfCallback('http://blog.test.evil.test/blog/wp-json/tagphoto/v1/callback?attachment=1', SITE),
    ).toBe(undefined);
    expect(attachmentOfCallback(`${SITE}/wp-json/other/v1/callback?attachment=12`, SITE)).toBeUndefined();
    expect(attachmentOfCallback(`${SITE}/wp-json/tagphoto/v1/callback`, SITE)).toBeUndefined();
    expect(attachmentOfCallback(`${SITE}/wp-json/tagphoto/v1/callback?attachment=0`, SITE)).toBeUndefined();
    expect(attachmentOfCallback(`${SITE}/wp-json/tagphoto/v1/callback?attachment=1e3`, SITE)).toBeUndefined();
    expect(attachmentOfCallback(undefined, SITE)).toBeUndefined();
  });

  it('sends an edit only to the registered site address, on the plugin’s callback route', () => {
    const url = new URL(editUrlOf(SITE, '42'));
    expect(url.origin + url.pathname).toBe(`${SITE}/`);
    expect(url.searchParams.get('rest_route')).toBe('/tagphoto/v1/callback');
    expect(url.searchParams.get('attachment')).toBe('42');
    expect(() => editUrlOf(SITE, '../../evil')).toThrow('not a WordPress attachment id');
  });

  it('retries what may pass (5xx, 429, 408) and takes any other 4xx as the plugin’s final answer', () => {
    expect(answerOf(200)).toBe('applied');
    expect(answerOf(204)).toBe('applied');
    for (const status of [500, 502, 503, 504, 429, 408]) expect(answerOf(status)).toBe('retry');
    for (const status of [400, 401, 403, 404, 409, 415]) expect(answerOf(status)).toBe('refused');
  });
});
