import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, hashPassword, hashSecret, verifyPassword } from '@tagphoto/privacy';
import type { AccountView, Credentials } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { UnauthorizedError } from '../../common/errors';
import { ApiKeys } from '../api-keys/api-keys.service';
import { LastUsedMarks } from '../api-keys/last-used-marks';
import { SecurityLog } from '../audit/security-log';
import { RateLimits } from '../rate-limit/rate-limits';
import { AccountRepository } from './account.repository';
import { API_KEY_PREFIX, Principal, SESSION_PREFIX } from './principal';
import { SessionRepository } from './session.repository';

export interface StartedSession {
  account: AccountView;
  token: string;
  expiresAt: Date;
}

// Verifying against a real hash when the email is unknown keeps login time from revealing which emails exist.
const DECOY_HASH = hashPassword('decoy password that never matches');

@Injectable()
export class AuthService {
  private readonly lastUsed = new LastUsedMarks();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly apiKeys: ApiKeys,
    private readonly audit: SecurityLog,
    private readonly limits: RateLimits,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * Creates the account if the email is new. A taken email gets the same answer after the same work (one hash,
   * one insert attempt, one lookup, one audit write), so sign-up cannot tell anyone which emails have accounts;
   * the existing owner finds the attempt in their security log instead.
   */
  async signUp(credentials: Credentials): Promise<void> {
    const account = await this.accounts.create(credentials.email, await hashPassword(credentials.password));
    if (account) return this.audit.record(account.id, 'account.created');
    const existing = await this.accounts.findByEmail(credentials.email);
    if (existing) await this.audit.record(existing.id, 'signup.email_in_use');
  }

  /**
   * The same work for known and unknown emails: a password verification (against a decoy hash when there is
   * no account) and per-account guessing limits keyed by the email; the audit write stays off the answer's path.
   */
  async logIn(credentials: Credentials): Promise<StartedSession> {
    await this.limits.admitPasswordGuess(credentials.email);
    const account = await this.accounts.findByEmail(credentials.email);
    const valid =
      (await verifyPassword(credentials.password, account?.passwordHash ?? (await DECOY_HASH))) &&
      account !== undefined;
    await this.limits.recordPasswordGuess(credentials.email, valid);
    if (account) this.audit.recordInBackground(account.id, valid ? 'login.succeeded' : 'login.failed');
    if (!account || !valid) throw new UnauthorizedError('invalid_credentials', 'Email or password is wrong.');
    return this.startSession(account);
  }

  /**
   * Checks the password of a signed-in owner again before something irreversible, within the account's
   * guessing limits (a stolen session must not become a way to guess the password), each refusal audited.
   */
  async confirmPassword(ownerId: string, password: string, purpose: string): Promise<void> {
    const account = await this.accounts.get(ownerId);
    if (!account) throw new UnauthorizedError('unauthorized', 'The account no longer exists.');
    try {
      await this.limits.admitPasswordGuess(account.email);
    } catch (error) {
      await this.audit.record(ownerId, 'password_check.refused', { purpose });
      throw error;
    }
    const valid = await verifyPassword(password, account.passwordHash);
    await this.limits.recordPasswordGuess(account.email, valid);
    if (!valid) {
      await this.audit.record(ownerId, 'password_check.failed', { purpose });
      throw new UnauthorizedError('invalid_credentials', 'The password is wrong.');
    }
  }

  async logOut(token: string): Promise<void> {
    await this.sessions.delete(hashSecret(token));
  }

  /** Resolves a bearer API key; unknown and revoked keys are told apart so a caller knows what to fix. */
  async principalFromApiKey(key: string): Promise<Principal> {
    if (!key.startsWith(`${API_KEY_PREFIX}_`)) {
      throw new UnauthorizedError('invalid_api_key', 'The API key is malformed: it should start with "tpk_".');
    }
    const record = await this.apiKeys.findByKey(key);
    if (!record) throw new UnauthorizedError('invalid_api_key', 'The API key is unknown.');
    if (record.revokedAt) throw new UnauthorizedError('revoked_api_key', 'The API key was revoked; create a new one.');
    const now = this.clock.now();
    if (this.lastUsed.due(record.id, now)) await this.apiKeys.markUsed(record.ownerId, record.id, now);
    return { ownerId: record.ownerId, via: 'api-key', apiKeyId: record.id };
  }

  async principalFromSession(token: string): Promise<Principal | undefined> {
    const ownerId = await this.sessions.findOwner(hashSecret(token), this.clock.now());
    return ownerId ? { ownerId, via: 'session' } : undefined;
  }

  async account(ownerId: string): Promise<AccountView> {
    const account = await this.accounts.get(ownerId);
    if (!account) throw new UnauthorizedError('unauthorized', 'The account no longer exists.');
    return { id: account.id, email: account.email };
  }

  private async startSession(account: { id: string; email: string }): Promise<StartedSession> {
    const token = generateSecret(SESSION_PREFIX);
    const expiresAt = new Date(this.clock.now().getTime() + this.config.TAGPHOTO_SESSION_DAYS * 24 * 3600 * 1000);
    await this.sessions.create(account.id, hashSecret(token), expiresAt);
    return { account: { id: account.id, email: account.email }, token, expiresAt };
  }
}
