import { Body, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse } from '@nestjs/swagger';
import {
  GoogleDriveSettings,
  googleDriveSettingsSchema,
  GoogleDriveStatus,
  googleDriveStatusSchema,
} from '@tagphoto/contracts';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveSync } from './google-drive-sync.service';
import { NotGoogleDriveConnectionError } from './google-drive.errors';
import { PROVIDER, readSettings } from './google-drive.settings';

/** The owner's choices for a Drive connection: which folders to watch, what to write; and a folder backfill. */
@OwnerController('v1/connections/:id/google-drive', { tag: 'connections' })
export class GoogleDriveSettingsController {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly channels: GoogleDriveChannels,
    private readonly sync: GoogleDriveSync,
  ) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(googleDriveStatusSchema) })
  async status(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<GoogleDriveStatus> {
    return this.view(await this.connection(principal, id));
  }

  /** Saves the settings; watching starts (or stops, with no folders) at once. */
  @Put()
  @ApiBody({ schema: openApiSchema(googleDriveSettingsSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(googleDriveStatusSchema) })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(googleDriveSettingsSchema)) settings: GoogleDriveSettings,
  ): Promise<GoogleDriveStatus> {
    const connection = await this.connection(principal, id);
    const updated = { ...connection, settings: { ...settings, folders: [...new Set(settings.folders)] } };
    if (updated.settings.folders.length > 0) await this.channels.watch(updated);
    else await this.channels.unwatch(updated);
    await this.connections.updateSettings(principal.ownerId, id, updated.settings);
    return this.view(updated);
  }

  /** Tags the images already in every watched folder; progress shows in GET. */
  @Post('backfill')
  @HttpCode(202)
  @ApiAcceptedResponse({ schema: openApiSchema(googleDriveStatusSchema) })
  async backfill(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<GoogleDriveStatus> {
    const connection = await this.connection(principal, id);
    await this.sync.startBackfill(connection);
    return this.view(connection);
  }

  private async connection(principal: Principal, id: string): Promise<ConnectionRecord> {
    const connection = await this.connections.get(principal.ownerId, id);
    if (!connection || connection.provider !== PROVIDER) throw new NotGoogleDriveConnectionError();
    return connection;
  }

  private async view(connection: ConnectionRecord): Promise<GoogleDriveStatus> {
    const channel = await this.channels.state(connection);
    return {
      connectionId: connection.id,
      settings: readSettings(connection.settings),
      watching: channel ? { expiresAt: new Date(channel.expiration).toISOString() } : null,
      backfills: await this.sync.backfillProgress(connection),
    };
  }
}
