import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../../common/clock';
import { Vault } from '../../storage/vault';
import { OAuthStateError } from './google-drive.errors';

const STATE_LIFETIME_MS = 10 * 60_000;

interface StatePayload {
  ownerId: string;
  nonce: string;
  expiresAt: number;
}

/**
 * The OAuth `state`: the owner who started the flow, sealed (AES-GCM) so it cannot be forged or altered, and
 * short-lived. The callback accepts it only from the same owner's session, which blocks login-CSRF linking.
 */
@Injectable()
export class OAuthState {
  constructor(
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {}

  issue(ownerId: string): string {
    const payload: StatePayload = {
      ownerId,
      nonce: randomBytes(12).toString('hex'),
      expiresAt: this.clock.now().getTime() + STATE_LIFETIME_MS,
    };
    return Buffer.from(this.vault.sealJson(payload)).toString('base64url');
  }

  /** Throws unless the state is intact, unexpired and was issued to this owner. */
  check(state: string, ownerId: string): void {
    let payload: StatePayload;
    try {
      payload = this.vault.openJson<StatePayload>(Buffer.from(state, 'base64url'));
    } catch {
      throw new OAuthStateError();
    }
    if (payload.ownerId !== ownerId || payload.expiresAt < this.clock.now().getTime()) throw new OAuthStateError();
  }
}
