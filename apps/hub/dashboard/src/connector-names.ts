/** The services TagPhoto connects to, by their id in the API; product names read the same in every language. */
const CONNECTOR_NAMES: Record<string, string> = {
  shopify: 'Shopify',
  'google-drive': 'Google Drive',
  slack: 'Slack',
  wordpress: 'WordPress',
};

/** A connector's product name; an id this dashboard does not know yet is shown as the hub gave it. */
export const connectorName = (id: string): string => CONNECTOR_NAMES[id] ?? id;
