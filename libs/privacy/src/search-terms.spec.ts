import { randomBytes, randomUUID } from 'node:crypto';
import { masterKeyFrom } from './envelope';
import { normaliseTag, ownerSearchKey, searchTermHash, searchTermsOf, searchWords } from './search-terms';

describe('search terms', () => {
  const master = masterKeyFrom(randomBytes(32));

  it('folds case and accents, so one word is one term', () => {
    expect(searchWords('Café CAFE café, Ärger—ärger 42')).toEqual(['cafe', 'arger', '42']);
    expect(normaliseTag('  Golden   Retriever ')).toBe('golden retriever');
    expect(normaliseTag('Crème Brûlée')).toBe('creme brulee');
  });

  it('finds a result by its tags, the words of its title, alt text, description and read text, and its review state', () => {
    const result = {
      tags: [{ label: 'Golden Retriever' }, { label: 'golden retriever' }, { label: 'Beach' }],
      title: 'Dog',
      altText: 'A dog on the beach',
      description: 'A golden dog runs.',
      text: 'NO DOGS',
    };
    expect(searchTermsOf({ ...result, review: { needed: true } })).toEqual([
      { kind: 'tag', term: 'golden retriever' },
      { kind: 'tag', term: 'beach' },
      ...['dog', 'a', 'on', 'the', 'beach', 'golden', 'runs', 'no', 'dogs'].map((term) => ({ kind: 'word', term })),
      { kind: 'review', term: 'needed' },
    ]);
    expect(searchTermsOf({ ...result, review: { needed: false } })).not.toContainEqual({
      kind: 'review',
      term: 'needed',
    });
  });

  it("hashes a term of one owner the same way every time, and another owner's identical term differently", () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const aliceHash = searchTermHash(ownerSearchKey(master, alice), 'word', 'cafe');
    expect(Buffer.from(searchTermHash(ownerSearchKey(master, alice), 'word', 'cafe'))).toEqual(Buffer.from(aliceHash));
    expect(Buffer.from(searchTermHash(ownerSearchKey(master, bob), 'word', 'cafe'))).not.toEqual(
      Buffer.from(aliceHash),
    );
    expect(Buffer.from(searchTermHash(ownerSearchKey(master, alice), 'tag', 'cafe'))).not.toEqual(
      Buffer.from(aliceHash),
    );
  });

  it('needs the master key to compute a hash: another key gives another hash, and the term is not in it', () => {
    const owner = randomUUID();
    const other = masterKeyFrom(randomBytes(32));
    const hash = Buffer.from(searchTermHash(ownerSearchKey(master, owner), 'word', 'lighthouse'));
    expect(Buffer.from(searchTermHash(ownerSearchKey(other, owner), 'word', 'lighthouse'))).not.toEqual(hash);
    expect(hash).toHaveLength(16);
    expect(hash.includes(Buffer.from('lighthouse'))).toBe(false);
  });
});
