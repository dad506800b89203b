import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../modules/auth/auth.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsModule } from './connections.module';
import { ConnectorsController } from './connectors.controller';
import { CONNECTOR_MODULES, ConnectorRegistry } from './connector-registry';

/** Every registered connector, the registry that finds them at boot, the owner's connections routes and which connectors are set up. */
@Module({
  imports: [DiscoveryModule, AuthModule, ConnectionsModule, ...CONNECTOR_MODULES],
  controllers: [ConnectionsController, ConnectorsController],
  providers: [ConnectorRegistry],
  exports: [ConnectorRegistry],
})
export class ConnectorsModule {}
