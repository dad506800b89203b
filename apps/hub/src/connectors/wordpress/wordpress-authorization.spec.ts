import { createHash } from 'node:crypto';
import {
  hashCode,
  normaliseSiteUrl,
  pendingAccepts,
  redirectBelongsToSite,
  verifierMatches,
  type PendingAuthorization,
} from './wordpress-authorization';

const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
// RFC 7636, appendix B: this verifier's S256 challenge.
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('the WordPress connect flow’s checks', () => {
  it('accepts the RFC 7636 example verifier for its challenge and nothing else', () => {
    expect(verifierMatches(verifier, challenge)).toBe(true);
    expect(verifierMatches(`${verifier.slice(0, -1)}Y`, challenge)).toBe(false);
    expect(verifierMatches(verifier, createHash('sha256').update('other').digest('base64url'))).toBe(false);
  });

  it('accepts a pending approval once its code and verifier match, and never after it expired', () => {
    const now = new Date('2026-12-06T03:00:00Z');
    const pending: PendingAuthorization = {
      codeHash: hashCode('the-code'),
      codeChallenge: challenge,
      redirectUri: 'https://blog.test/wp-admin/x',
      expiresAt: '2026-12-06T03:10:00Z',
    };
    expect(pendingAccepts(pending, 'the-code', verifier, now)).toBe(true);
    expect(pendingAccepts(pending, 'another-code', verifier, now)).toBe(false);
    expect(pendingAccepts(pending, 'the-code', 'x'.repeat(43), now)).toBe(false);
    expect(pendingAccepts(pending, 'the-code', verifier, new Date('2026-12-06T03:10:00Z'))).toBe(false);
    expect(pendingAccepts(undefined, 'the-code', verifier, now)).toBe(false);
  });

  it('normalises a site address and refuses anything that is not a plain http(s) address', () => {
    expect(normaliseSiteUrl('https://Blog.Test/blog/')).toBe('https://blog.test/blog');
    expect(normaliseSiteUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normaliseSiteUrl('ftp://blog.test')).toBeUndefined();
    expect(normaliseSiteUrl('https://user:pw@blog.test')).toBeUndefined();
    expect(normaliseSiteUrl('https://blog.test/?p=1')).toBeUndefined();
    expect(normaliseSiteUrl('not a url')).toBeUndefined();
  });

  it('sends the code back only to an address under the site being connected', () => {
    const site = 'https://blog.test/blog';
    expect(
      redirectBelongsToSite('https://blog.test/blog/wp-admin/admin-post.php?action=tagphoto_connected', site),
    ).toBe(true);
    expect(redirectBelongsToSite('https://blog.test/blog2/wp-admin/admin-post.php', site)).toBe(false);
    expect(redirectBelongsToSite('https://blog.test.evil.test/blog/wp-admin/', site)).toBe(false);
    expect(redirectBelongsToSite('http://blog.test/blog/wp-admin/', site)).toBe(false);
    expect(redirectBelongsToSite('https://blog.test/blog/wp-admin/#x', site)).toBe(false);
  });
});
