import { channelMatches } from './channel-token';

const current = { id: '0b9c4f7e-9a51-4d55-8d7e-2f1f5a4a6c11_1', token: 'tok_4b1a2f0c9d8e7f6a' };

describe('channelMatches', () => {
  it('accepts the current channel id with its token', () => {
    expect(channelMatches(current, { ...current })).toBe(true);
  });

  it('refuses the right id with another token, or with a token that is a prefix of it', () => {
    expect(channelMatches(current, { id: current.id, token: 'tok_wrong' })).toBe(false);
    expect(channelMatches(current, { id: current.id, token: current.token.slice(0, -1) })).toBe(false);
    expect(channelMatches(current, { id: current.id, token: '' })).toBe(false);
  });

  it('refuses the right token on a previous or foreign channel id', () => {
    expect(channelMatches(current, { id: current.id.replace(/_1$/, '_0'), token: current.token })).toBe(false);
  });
});
