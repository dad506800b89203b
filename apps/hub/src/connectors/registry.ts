import type { Type } from '@nestjs/common';

/** Every connector module the hub runs. Adding a connector = its folder + one line here. */
export const CONNECTOR_MODULES: Type[] = [];
