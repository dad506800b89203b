import { Body, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { SlackSettings, slackSettingsSchema, SlackStatus, slackStatusSchema } from '@tagphoto/contracts';
import { NotFoundError } from '../../common/errors';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import type { SlackSecrets } from './slack-installation.store';
import { NotSlackConnectionError } from './slack.errors';
import { readSlackSettings, SLACK_PROVIDER, THREAD_REPLY_SCOPE } from './slack.settings';

/** The owner's choices for a connected Slack workspace: the language of its results, and replies in the image's thread. */
@OwnerController('v1/connections/:id/slack', { tag: 'connections' })
export class SlackSettingsController {
  constructor(private readonly connections: ConnectionRepository) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(slackStatusSchema) })
  async status(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SlackStatus> {
    return this.view(await this.connection(principal, id));
  }

  /** Saves the settings; the next /tag or shortcut from the workspace uses them. */
  @Put()
  @ApiBody({ schema: openApiSchema(slackSettingsSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(slackStatusSchema) })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(slackSettingsSchema)) settings: SlackSettings,
  ): Promise<SlackStatus> {
    const connection = await this.connection(principal, id);
    // The connection's settings also hold what the install recorded (team name, installer): kept as they are.
    const updated = { ...connection, settings: { ...connection.settings, ...settings } };
    await this.connections.updateSettings(principal.ownerId, id, updated.settings);
    return this.view(updated);
  }

  private async connection(principal: Principal, id: string): Promise<ConnectionRecord> {
    const connection = await this.connections.get(principal.ownerId, id);
    if (!connection) throw new NotFoundError('Connection');
    if (connection.provider !== SLACK_PROVIDER) throw new NotSlackConnectionError(connection.provider);
    return connection;
  }

  private async view(connection: ConnectionRecord): Promise<SlackStatus> {
    const secrets = await this.connections.secrets<SlackSecrets & Record<string, unknown>>(
      connection.ownerId,
      connection.id,
    );
    const { teamName } = connection.settings;
    return {
      connectionId: connection.id,
      workspace: typeof teamName === 'string' ? teamName : connection.externalAccount,
      settings: readSlackSettings(connection.settings),
      canPostInThread: Boolean(secrets?.scopes?.includes(THREAD_REPLY_SCOPE)),
    };
  }
}
