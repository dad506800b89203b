import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../modules/auth/auth.module';
import { ConnectionRepository } from './connection.repository';
import { ConnectionsController } from './connections.controller';
import { InboundEventRepository } from './inbound-event.repository';
import { CONNECTOR_MODULES, ConnectorRegistry } from './connector-registry';

/** What every connector shares (connections, inbound-event dedupe, the registry), plus every registered connector. */
// Global until each connector module imports a ConnectionsModule itself (the Shopify module is on another branch).
@Global()
@Module({
  imports: [DiscoveryModule, AuthModule, ...CONNECTOR_MODULES],
  controllers: [ConnectionsController],
  providers: [ConnectionRepository, InboundEventRepository, ConnectorRegistry],
  exports: [ConnectionRepository, InboundEventRepository, ConnectorRegistry],
})
export class ConnectorsModule {}
