import { Injectable, OnModuleInit, type Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { CONNECTOR_PROVIDER, Connector } from './connector';
import { GoogleDriveModule } from './google-drive/google-drive.module';
import { ShopifyModule } from './shopify/shopify.module';
import { SlackModule } from './slack/slack.module';
import { WordPressModule } from './wordpress/wordpress.module';

/** Every connector module the hub runs. Adding a connector = its folder + one line here. */
export const CONNECTOR_MODULES: Type[] = [GoogleDriveModule, ShopifyModule, SlackModule, WordPressModule];

export class ConnectorWiringError extends Error {}

/** The connectors found at boot, by provider name; two classes claiming one provider stop the boot. */
@Injectable()
export class ConnectorRegistry implements OnModuleInit {
  private readonly connectors = new Map<string, Connector>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const provider = this.reflector.get<string | undefined>(CONNECTOR_PROVIDER, wrapper.metatype);
      if (!provider) continue;
      if (this.connectors.has(provider)) throw new ConnectorWiringError(`Two connectors claim provider "${provider}"`);
      this.connectors.set(provider, wrapper.instance as Connector);
    }
  }

  get(provider: string): Connector | undefined {
    return this.connectors.get(provider);
  }

  all(): Connector[] {
    return [...this.connectors.values()];
  }
}
