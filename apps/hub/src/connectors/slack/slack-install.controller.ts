import { Get, Inject, Req, Res } from '@nestjs/common';
import { InstallProvider } from '@slack/oauth';
import type { Request, Response } from 'express';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { CurrentPrincipal, OwnerController } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { SlackInstallationStore } from './slack-installation.store';
import { boltLogger } from './slack-receiver';
import { SLACK_BOT_SCOPES, slackOAuthSettings } from './slack.settings';

/**
 * "Add to Slack" from a signed-in dashboard session. The OAuth state is signed with SLACK_STATE_SECRET, bound
 * to this browser by a cookie, and carries the TagPhoto account id, which the callback checks against the
 * session again before oauth.v2.access is called.
 */
@OwnerController('connect/slack', { tag: false })
export class SlackInstallController {
  private installer?: InstallProvider;

  constructor(
    private readonly installations: SlackInstallationStore,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get()
  async begin(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.provider().handleInstallPath(request, response, undefined, {
      scopes: SLACK_BOT_SCOPES,
      metadata: principal.ownerId,
    });
  }

  @Get('callback')
  async callback(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.provider().handleCallback(request, response, {
      beforeInstallation: async (options, _request, res) => {
        if (options.metadata === principal.ownerId) return true;
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code: 'slack_install_other_account',
              message:
                'This Slack install was started by another TagPhoto account; start it again from your dashboard.',
            },
          }),
        );
        return false;
      },
      success: (_installation, _options, _request, res) => {
        res.writeHead(302, { location: '/?connected=slack' });
        res.end();
      },
      failure: (error, _options, _request, res) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'slack_install_failed', message: `Slack install did not complete: ${error.message}` },
          }),
        );
      },
    });
  }

  private provider(): InstallProvider {
    const settings = slackOAuthSettings(this.config);
    this.installer ??= new InstallProvider({
      ...settings,
      installationStore: this.installations,
      directInstall: true,
      logger: boltLogger('slack-install'),
    });
    return this.installer;
  }
}
