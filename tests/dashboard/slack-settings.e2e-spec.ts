import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { SLACK_BOT_SCOPES } from '../../apps/hub/src/connectors/slack/slack.settings';
import { newAccount } from '../support/hub';
import { SLACK } from '../slack/slack-fixtures';
import { accessibilityProblems, axeViolations, dashboardSuite, SCREENSHOTS, signedInPage } from './dashboard-support';

/** A Slack workspace's settings on the Connections page, in headless Chromium, saved through the hub's API. */
describe("the Connections page's Slack panel", () => {
  const suite = dashboardSuite();

  /** A Slack connection as "Add to Slack" leaves it (the install itself is tests/slack's). */
  async function connectedWorkspace(cookie: string, scopes: string[] = SLACK_BOT_SCOPES): Promise<string> {
    const ownerId = (await request(suite.hub.http).get('/v1/auth/me').set('Cookie', cookie).expect(200)).body
      .id as string;
    const connection = await suite.hub.app
      .get(ConnectionRepository)
      .upsert(
        ownerId,
        'slack',
        `${SLACK.teamId}${ownerId.slice(0, 4).toUpperCase()}`,
        { botToken: SLACK.botToken, botId: SLACK.botId, botUserId: SLACK.botUserId, scopes },
        { teamName: 'Slack Softball Team', appId: SLACK.appId, installedBy: SLACK.userId },
      );
    return connection.id;
  }

  it("saves the workspace's language and the thread option, and shows them again after a reload", async () => {
    const account = await newAccount(suite.hub);
    const connectionId = await connectedWorkspace(account.cookie);
    const { context, page } = await signedInPage(suite, account.cookie);
    try {
      await page.goto('/connections');
      const panel = page.getByRole('region', { name: 'Slack workspace Slack Softball Team' });
      const language = panel.getByLabel('Language of the alt text and tags');
      const thread = panel.getByLabel("Also post the alt text in the thread of the image's message");
      await language.waitFor();
      expect(await language.inputValue()).toBe('en');
      expect(await thread.isChecked()).toBe(false);
      expect(await panel.getByText('before it could post in channels').count()).toBe(0);

      await language.selectOption({ label: 'Deutsch' });
      await thread.check();
      await panel.getByRole('button', { name: 'Save Slack settings' }).click();
      await panel.getByRole('status').filter({ hasText: 'Slack settings saved' }).waitFor();
      const saved = await request(suite.hub.http)
        .get(`/v1/connections/${connectionId}/slack`)
        .set('Cookie', account.cookie)
        .expect(200);
      expect(saved.body.settings).toEqual({ language: 'de', postInThread: true });

      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await axeViolations(page, `section[aria-labelledby="slack-heading-${connectionId}"]`)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'connections-slack.png'), fullPage: true });

      await page.reload();
      await language.waitFor();
      expect(await language.inputValue()).toBe('de');
      expect(await thread.isChecked()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('tells the owner of a workspace added before chat:write to connect Slack again for thread replies', async () => {
    const account = await newAccount(suite.hub);
    await connectedWorkspace(
      account.cookie,
      SLACK_BOT_SCOPES.filter((scope) => scope !== 'chat:write'),
    );
    const { context, page } = await signedInPage(suite, account.cookie);
    try {
      await page.goto('/connections');
      const panel = page.getByRole('region', { name: 'Slack workspace Slack Softball Team' });
      await panel.getByText('before it could post in channels: connect Slack again below').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
