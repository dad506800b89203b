import { Module } from '@nestjs/common';
import { ConnectionRepository } from './connection.repository';
import { Connections } from './connections.service';
import { InboundEventRepository } from './inbound-event.repository';

/**
 * What every connector shares: connections with their sealed credentials and inbound-event dedupe. Each connector
 * module imports it; features outside the connectors use its port, Connections.
 */
@Module({
  providers: [ConnectionRepository, InboundEventRepository, Connections],
  exports: [ConnectionRepository, InboundEventRepository, Connections],
})
export class ConnectionsModule {}
