<?php
/**
 * "Connect to TagPhoto": an authorization-code flow with PKCE. The site owner's browser goes to the hub, the owner
 * signs in and approves the site, the browser comes back with a one-time code, and this site's server exchanges the
 * code and its verifier for the site's own API key and callback secret, which never appear in a URL.
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Connect {
	const TRANSIENT_PREFIX = 'tagphoto_connect_';
	const NOTICE_PREFIX    = 'tagphoto_notice_';
	const LIFETIME         = 600;

	public static function register() {
		add_action( 'admin_post_tagphoto_connect', array( __CLASS__, 'start' ) );
		add_action( 'admin_post_tagphoto_connected', array( __CLASS__, 'finish' ) );
		add_action( 'admin_post_tagphoto_disconnect', array( __CLASS__, 'disconnect' ) );
	}

	/** The address the hub knows this site by; its REST callbacks live under it. */
	public static function site_url() {
		return untrailingslashit( home_url() );
	}

	/** Step 1: remember a fresh state and verifier for this user, then send the browser to the hub's approval page. */
	public static function start() {
		self::require_admin();
		check_admin_referer( 'tagphoto_connect' );
		$hub_url = isset( $_POST['hub_url'] ) ? TagPhoto_Settings::sanitize_hub_url( wp_unslash( $_POST['hub_url'] ) ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- sanitised by sanitize_hub_url().
		if ( '' === $hub_url ) {
			self::back( 'error', __( 'Enter the address of your TagPhoto hub, e.g. https://tagphoto.example.org.', 'tagphoto' ) );
		}
		TagPhoto_Settings::update( array( 'hub_url' => $hub_url ) );
		$state    = wp_generate_password( 32, false );
		$verifier = self::base64url( random_bytes( 48 ) );
		set_transient(
			self::TRANSIENT_PREFIX . get_current_user_id(),
			array(
				'state'    => $state,
				'verifier' => $verifier,
				'hub_url'  => $hub_url,
			),
			self::LIFETIME
		);
		$redirect_uri = add_query_arg(
			array(
				'action'   => 'tagphoto_connected',
				'_wpnonce' => wp_create_nonce( 'tagphoto_connected' ),
			),
			admin_url( 'admin-post.php' )
		);
		$approve      = $hub_url . '/connections/wordpress?' . http_build_query(
			array(
				'site_url'              => self::site_url(),
				'site_name'             => get_bloginfo( 'name' ),
				'redirect_uri'          => $redirect_uri,
				'state'                 => $state,
				'code_challenge'        => self::base64url( hash( 'sha256', $verifier, true ) ),
				'code_challenge_method' => 'S256',
			),
			'',
			'&',
			PHP_QUERY_RFC3986
		);
		self::allow_redirect_to( $hub_url );
		wp_safe_redirect( $approve );
		exit;
	}

	/** Step 2: the browser is back with a one-time code; exchange it server to server. */
	public static function finish() {
		self::require_admin();
		check_admin_referer( 'tagphoto_connected' );
		$key     = self::TRANSIENT_PREFIX . get_current_user_id();
		$pending = get_transient( $key );
		delete_transient( $key );
		$state = isset( $_GET['state'] ) ? sanitize_text_field( wp_unslash( $_GET['state'] ) ) : '';
		if ( ! is_array( $pending ) || '' === $state || ! hash_equals( (string) $pending['state'], $state ) ) {
			self::back( 'error', __( 'This connection attempt expired or was not started here. Press "Connect to TagPhoto" again.', 'tagphoto' ) );
		}
		if ( isset( $_GET['error'] ) ) {
			self::back( 'error', __( 'The connection was not approved on the hub.', 'tagphoto' ) );
		}
		$code = isset( $_GET['code'] ) ? preg_replace( '/[^A-Za-z0-9_-]/', '', (string) wp_unslash( $_GET['code'] ) ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- only base64url characters are kept.
		try {
			$client      = new TagPhoto_Hub_Client( $pending['hub_url'], '' );
			$credentials = $client->exchange_code( self::site_url(), $code, $pending['verifier'] );
		} catch ( TagPhoto_Hub_Error $error ) {
			self::back( 'error', $error->getMessage() );
		}
		TagPhoto_Settings::update( array( 'hub_url' => $pending['hub_url'] ) );
		TagPhoto_Settings::save_secret( TagPhoto_Settings::API_KEY, $credentials['apiKey'] );
		TagPhoto_Settings::save_secret( TagPhoto_Settings::CALLBACK_SECRET, $credentials['callbackSecret'] );
		self::back( 'success', __( 'Connected to TagPhoto. New images are tagged as they are uploaded.', 'tagphoto' ) );
	}

	/** Revokes the site's key and callback secret on the hub, then forgets them here. */
	public static function disconnect() {
		self::require_admin();
		check_admin_referer( 'tagphoto_disconnect' );
		try {
			TagPhoto_Hub_Client::from_settings()->disconnect();
		} catch ( TagPhoto_Hub_Error $error ) {
			// 401: the key was already revoked on the hub (e.g. from its dashboard), so there is nothing left to revoke.
			if ( 401 !== $error->status ) {
				self::back( 'error', $error->getMessage() );
			}
		}
		delete_option( TagPhoto_Settings::API_KEY );
		delete_option( TagPhoto_Settings::CALLBACK_SECRET );
		self::back( 'success', __( 'Disconnected: the hub revoked this site’s API key and callback secret.', 'tagphoto' ) );
	}

	/** The message the settings page shows once after a connect or disconnect. */
	public static function take_notice() {
		$key    = self::NOTICE_PREFIX . get_current_user_id();
		$notice = get_transient( $key );
		delete_transient( $key );
		return is_array( $notice ) ? $notice : null;
	}

	private static function back( $kind, $message ) {
		set_transient(
			self::NOTICE_PREFIX . get_current_user_id(),
			array(
				'kind'    => $kind,
				'message' => $message,
			),
			self::LIFETIME
		);
		wp_safe_redirect( admin_url( 'options-general.php?page=' . TagPhoto_Admin::SETTINGS_PAGE ) );
		exit;
	}

	private static function require_admin() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to connect this site.', 'tagphoto' ), 403 );
		}
	}

	/** wp_safe_redirect() only leaves the site for allowed hosts: the hub the owner just entered is one. */
	private static function allow_redirect_to( $hub_url ) {
		$host = wp_parse_url( $hub_url, PHP_URL_HOST );
		add_filter(
			'allowed_redirect_hosts',
			static function ( $hosts ) use ( $host ) {
				$hosts[] = $host;
				return $hosts;
			}
		);
	}

	private static function base64url( $bytes ) {
		return rtrim( strtr( base64_encode( $bytes ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- PKCE (RFC 7636) is defined on base64url.
	}
}
