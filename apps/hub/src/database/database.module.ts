import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { resolve } from 'node:path';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';
import { Database, openDatabase } from './database';

export const DATABASE = Symbol('DATABASE');

// Global: every repository of every feature needs the one database handle, and nothing but repositories use it.
@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig): Promise<Database> =>
        openDatabase({ url: config.DATABASE_URL, dataDir: resolve(config.TAGPHOTO_DATA_DIR) }),
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
