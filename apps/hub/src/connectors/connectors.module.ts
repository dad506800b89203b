import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../modules/auth/auth.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsModule } from './connections.module';
import { CONNECTOR_MODULES, ConnectorRegistry } from './connector-registry';

/** Every registered connector, the registry that finds them at boot, and the owner's connections routes. */
@Module({
  imports: [DiscoveryModule, AuthModule, ConnectionsModule, ...CONNECTOR_MODULES],
  controllers: [ConnectionsController],
  providers: [ConnectorRegistry],
  exports: [ConnectorRegistry],
})
export class ConnectorsModule {}
