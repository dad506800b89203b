import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { HubConfig } from './config.schema';

export const HUB_CONFIG = Symbol('HUB_CONFIG');

/** Provides the configuration validated at boot (tests pass their own) and the clock. */
// Global: nearly every provider reads configuration or the time; importing it everywhere would say nothing.
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [HUB_CONFIG, Clock],
    };
  }
}
