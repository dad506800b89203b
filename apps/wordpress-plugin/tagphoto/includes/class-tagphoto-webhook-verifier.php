<?php
/**
 * Verifies Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature) in plain PHP.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Webhook_Verifier {
	const TOLERANCE_SECONDS = 300;

	/** @var string */
	private $key;

	/** @param string $secret A `whsec_<base64>` secret (the prefix is optional). */
	public function __construct( $secret ) {
		$encoded = 0 === strpos( $secret, 'whsec_' ) ? substr( $secret, 6 ) : $secret;
		$key     = base64_decode( $encoded, true );
		$this->key = false === $key ? '' : $key;
	}

	/**
	 * @param string $id        webhook-id header.
	 * @param string $timestamp webhook-timestamp header (Unix seconds).
	 * @param string $signature webhook-signature header: space-separated `v1,<base64>` entries.
	 * @param string $body      The raw request body, exactly as received.
	 * @param int    $now       Unix seconds.
	 * @return true|string True, or why the request was refused.
	 */
	public function verify( $id, $timestamp, $signature, $body, $now ) {
		if ( '' === $this->key ) {
			return 'no callback secret is configured';
		}
		if ( '' === $id || '' === $timestamp || '' === $signature ) {
			return 'missing webhook-id, webhook-timestamp or webhook-signature header';
		}
		if ( ! ctype_digit( $timestamp ) || abs( $now - (int) $timestamp ) > self::TOLERANCE_SECONDS ) {
			return 'timestamp outside the five-minute tolerance';
		}
		$expected = base64_encode( hash_hmac( 'sha256', $id . '.' . $timestamp . '.' . $body, $this->key, true ) );
		foreach ( preg_split( '/\s+/', trim( $signature ) ) as $entry ) {
			$parts = explode( ',', $entry, 2 );
			if ( 2 === count( $parts ) && 'v1' === $parts[0] && hash_equals( $expected, $parts[1] ) ) {
				return true;
			}
		}
		return 'no signature matches';
	}
}
