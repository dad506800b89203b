import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';

/** A connector's item an image sent to POST /v1/images was made from (a WordPress site's attachment). */
export interface ImageOrigin {
  /** The connector's provider name, recorded as the image's source. */
  connector: string;
  externalId: string;
  /** Records the item → image link once the image row exists, so a later edit finds its way back. */
  link(imageId: string): Promise<void>;
}

/** A connector whose own client sends its items through the public API (the WordPress plugin does). */
export interface ImageOriginResolver {
  /** The item this request is for, or undefined when the request is not the connector's. */
  resolve(principal: Principal, callbackUrl: string | undefined): Promise<ImageOrigin | undefined>;
}

/** The connectors that recognise their own uploads among API requests; a connector registers itself at start. */
@Injectable()
export class ImageOrigins {
  private readonly resolvers: ImageOriginResolver[] = [];

  register(resolver: ImageOriginResolver): void {
    this.resolvers.push(resolver);
  }

  async resolve(principal: Principal, callbackUrl: string | undefined): Promise<ImageOrigin | undefined> {
    for (const resolver of this.resolvers) {
      const origin = await resolver.resolve(principal, callbackUrl);
      if (origin) return origin;
    }
    return undefined;
  }
}
