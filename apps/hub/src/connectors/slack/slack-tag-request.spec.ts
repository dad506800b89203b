import { parseTagCommand, sourceFromRef, sourceRef } from './slack-tag-request';

describe('parseTagCommand', () => {
  it("tags the latest image in the channel when no URL is given, in the workspace's language", () => {
    expect(parseTagCommand('', 'C2147483705')).toEqual({
      source: { kind: 'latest', channelId: 'C2147483705' },
    });
  });

  it('takes the URL Slack wrapped in angle brackets', () => {
    expect(parseTagCommand('<https://example.org/cat.jpg>', 'C1')).toEqual({
      source: { kind: 'url', url: 'https://example.org/cat.jpg' },
    });
  });

  it('reads a trailing language code', () => {
    expect(parseTagCommand('https://example.org/cat.jpg DE', 'C1')).toEqual({
      source: { kind: 'url', url: 'https://example.org/cat.jpg' },
      language: 'de',
    });
    expect(parseTagCommand('fr', 'C1')).toEqual({ source: { kind: 'latest', channelId: 'C1' }, language: 'fr' });
  });

  it('explains the usage for anything that is not a URL', () => {
    expect(parseTagCommand('please tag my cat', 'C1')).toEqual({ error: expect.stringContaining('/tag [image URL]') });
    expect(parseTagCommand('ftp://example.org/cat.jpg', 'C1')).toEqual({ error: expect.stringContaining('Usage') });
  });
});

describe('source references', () => {
  it('round-trips a URL and a file id', () => {
    expect(sourceFromRef(sourceRef({ kind: 'url', url: 'https://example.org/a.png' })!)).toEqual({
      kind: 'url',
      url: 'https://example.org/a.png',
    });
    expect(
      sourceFromRef(sourceRef({ kind: 'file', fileId: 'F0123ABC', downloadUrl: 'https://files.slack.com/x' })!),
    ).toEqual({ kind: 'file', fileId: 'F0123ABC' });
  });

  it('has no reference for a URL too long for a block id', () => {
    expect(sourceRef({ kind: 'url', url: `https://example.org/${'a'.repeat(300)}.png` })).toBeUndefined();
  });

  it('ignores references it did not write', () => {
    expect(sourceFromRef('file:../../etc')).toBeUndefined();
    expect(sourceFromRef('something')).toBeUndefined();
  });
});
