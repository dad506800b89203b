import { z } from 'zod';

/**
 * A connector an owner connects from the dashboard (OAuth), and whether this hub's operator has set it up. Only the
 * names of the missing environment variables are ever given, never a value.
 */
export const connectorSetupSchema = z.object({
  provider: z.string(),
  name: z.string(),
  configured: z.boolean(),
  /** Environment variables the operator must set (then restart the hub) before owners can connect; empty when configured. */
  missingSettings: z.array(z.string()),
  /** Where a browser starts connecting an account. */
  connectPath: z.string(),
});
export type ConnectorSetup = z.infer<typeof connectorSetupSchema>;
