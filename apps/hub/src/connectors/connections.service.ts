import { Injectable } from '@nestjs/common';
import { ConnectionRecord, ConnectionRepository } from './connection.repository';

export type { ConnectionRecord } from './connection.repository';

/**
 * The connectors' port for the rest of the hub (review, the account export and deletion): an owner's connections
 * and which connector item an image was made from. Tokens never leave the connectors through it.
 */
@Injectable()
export class Connections {
  constructor(private readonly connections: ConnectionRepository) {}

  list(ownerId: string): Promise<ConnectionRecord[]> {
    return this.connections.list(ownerId);
  }

  get(ownerId: string, id: string): Promise<ConnectionRecord | undefined> {
    return this.connections.get(ownerId, id);
  }

  /** The connection and the item at the provider an image was made from, if any. */
  itemOfImage(ownerId: string, imageId: string): Promise<{ connectionId: string; externalId: string } | undefined> {
    return this.connections.itemOfImage(ownerId, imageId);
  }
}
