/** Who is calling: the owner every data access is scoped to, and how they proved it. */
export interface Principal {
  ownerId: string;
  via: 'session' | 'api-key';
  apiKeyId?: string;
}

export const SESSION_COOKIE = 'tagphoto_session';
export const API_KEY_PREFIX = 'tpk';
export const SESSION_PREFIX = 'tps';
