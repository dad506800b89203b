import request from 'supertest';
import { newAccount, startTestHub, TestHub } from '../support/hub';
import { slackHeaders, slashCommand } from './slack-fixtures';

describe('Slack connector without its settings', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server' });
  });
  afterAll(() => hub.close());

  it('answers 503 naming the missing variables, for Slack requests and for "Add to Slack"', async () => {
    const body = slashCommand('', 'https://hooks.slack.com/commands/T9TK3CUKW/1/abc');
    const events = await request(hub.http)
      .post('/slack/commands')
      .set(slackHeaders(body, 'application/x-www-form-urlencoded'))
      .send(body);
    expect(events.status).toBe(503);
    expect(events.body.error).toEqual({
      code: 'slack_not_configured',
      message: expect.stringContaining('SLACK_SIGNING_SECRET'),
    });

    const { cookie } = await newAccount(hub);
    const install = await request(hub.http).get('/connect/slack').set('Cookie', cookie);
    expect(install.status).toBe(503);
    expect(install.body.error.message).toContain('SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET');
  });
});
