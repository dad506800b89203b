import { slackSignature, verifySlackSignature } from './slack-signature';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = Buffer.from('token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Ftag&text=');
const now = 1_531_420_618;
const signed = (timestamp: number, payload: Buffer = body) => ({
  signature: `v0=${slackSignature(secret, String(timestamp), payload)}`,
  timestamp: String(timestamp),
  rawBody: payload,
});

describe('verifySlackSignature', () => {
  it('accepts a request signed with the signing secret within the window', () => {
    expect(() => verifySlackSignature(secret, signed(now - 60), now)).not.toThrow();
  });

  it('refuses a body changed after signing', () => {
    const request = { ...signed(now), rawBody: Buffer.from(`${body.toString()}extra`) };
    expect(() => verifySlackSignature(secret, request, now)).toThrow(
      expect.objectContaining({ status: 401, code: 'slack_signature_invalid' }),
    );
  });

  it('refuses a signature made with another secret', () => {
    const request = { ...signed(now), signature: `v0=${slackSignature('another secret', String(now), body)}` };
    expect(() => verifySlackSignature(secret, request, now)).toThrow(
      expect.objectContaining({ code: 'slack_signature_invalid' }),
    );
  });

  it('refuses a timestamp older than five minutes, even correctly signed', () => {
    expect(() => verifySlackSignature(secret, signed(now - 301), now)).toThrow(
      expect.objectContaining({ code: 'slack_request_stale' }),
    );
  });

  it('refuses a timestamp more than five minutes in the future', () => {
    expect(() => verifySlackSignature(secret, signed(now + 301), now)).toThrow(
      expect.objectContaining({ code: 'slack_request_stale' }),
    );
  });

  it('refuses a request without the signature headers', () => {
    expect(() =>
      verifySlackSignature(secret, { signature: undefined, timestamp: String(now), rawBody: body }, now),
    ).toThrow(expect.objectContaining({ code: 'slack_signature_missing' }));
  });
});
