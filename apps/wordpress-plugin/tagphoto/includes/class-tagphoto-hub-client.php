<?php
/**
 * Talks to the TagPhoto hub with the site's API key: submit an image with a callback, read an image, check the key.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Hub_Error extends Exception {
	/** @var int 0 when the hub could not be reached at all. */
	public $status;
	/** @var int Seconds the hub asked us to wait (429), or 0. */
	public $retry_after;

	public function __construct( $message, $status = 0, $retry_after = 0 ) {
		parent::__construct( $message );
		$this->status      = (int) $status;
		$this->retry_after = (int) $retry_after;
	}
}

final class TagPhoto_Hub_Client {
	const TIMEOUT_SECONDS = 20;

	/** @var string */
	private $base_url;
	/** @var string */
	private $api_key;

	public function __construct( $base_url, $api_key ) {
		$this->base_url = untrailingslashit( (string) $base_url );
		$this->api_key  = (string) $api_key;
	}

	public static function from_settings() {
		return new self( TagPhoto_Settings::get( 'hub_url' ), TagPhoto_Settings::api_key() );
	}

	/**
	 * Sends the file; the hub answers 202 at once and later POSTs the result to $callback_url.
	 *
	 * @return array{id:string,status:string}
	 * @throws TagPhoto_Hub_Error When the hub is unreachable or refuses the image.
	 */
	public function submit( $path, $mime_type, $file_name, $language, $callback_url ) {
		$bytes = is_readable( $path ) ? file_get_contents( $path ) : false;
		if ( false === $bytes ) {
			/* translators: %s: file name. */
			throw new TagPhoto_Hub_Error( sprintf( __( 'The file %s could not be read.', 'tagphoto' ), basename( $path ) ) );
		}
		$boundary = 'tagphoto-' . wp_generate_password( 24, false );
		$safe     = preg_replace( '/[^\w.\-]/', '_', $file_name );
		$body     = "--{$boundary}\r\n"
			. "Content-Disposition: form-data; name=\"file\"; filename=\"{$safe}\"\r\n"
			. "Content-Type: {$mime_type}\r\n\r\n"
			. $bytes . "\r\n--{$boundary}--\r\n";
		$query    = array(
			'language'    => $language,
			'store'       => 'false',
			'callbackUrl' => $callback_url,
		);
		$response = $this->request(
			'POST',
			'/v1/images?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ),
			array( 'Content-Type' => "multipart/form-data; boundary={$boundary}" ),
			$body
		);
		if ( ! isset( $response['id'] ) || ! is_string( $response['id'] ) ) {
			throw new TagPhoto_Hub_Error( __( 'The hub accepted the image but did not say which id it has.', 'tagphoto' ) );
		}
		return $response;
	}

	/** @return array The hub's image: id, status, result, error, … */
	public function image( $id ) {
		return $this->request( 'GET', '/v1/images/' . rawurlencode( $id ) );
	}

	/** Proves the URL and key work by listing one image. */
	public function check() {
		$this->request( 'GET', '/v1/images?limit=1' );
	}

	/**
	 * The last step of "Connect to TagPhoto", server to server: the one-time code the owner's browser brought back,
	 * with the PKCE verifier that never left this site, for the site's own API key and callback secret.
	 *
	 * @return array{apiKey:string,callbackSecret:string,connectionId:string}
	 */
	public function exchange_code( $site_url, $code, $verifier ) {
		$answer = $this->request(
			'POST',
			'/v1/wordpress/token',
			array( 'Content-Type' => 'application/json' ),
			wp_json_encode(
				array(
					'siteUrl'      => $site_url,
					'code'         => $code,
					'codeVerifier' => $verifier,
				)
			),
			false
		);
		if ( ! isset( $answer['apiKey'], $answer['callbackSecret'] ) || ! is_string( $answer['apiKey'] ) || ! is_string( $answer['callbackSecret'] ) ) {
			throw new TagPhoto_Hub_Error( __( 'The hub accepted the code but sent no credentials.', 'tagphoto' ) );
		}
		return $answer;
	}

	/** Revokes this site's API key and callback secret on the hub. */
	public function disconnect() {
		$this->request( 'DELETE', '/v1/wordpress/site' );
	}

	private function request( $method, $path, array $headers = array(), $body = null, $authorized = true ) {
		if ( '' === $this->base_url || ( $authorized && '' === $this->api_key ) ) {
			throw new TagPhoto_Hub_Error( __( 'Connect the site under Settings → TagPhoto first.', 'tagphoto' ) );
		}
		$defaults = array( 'Accept' => 'application/json' );
		if ( $authorized ) {
			$defaults['Authorization'] = 'Bearer ' . $this->api_key;
		}
		$response = wp_remote_request(
			$this->base_url . $path,
			array(
				'method'      => $method,
				'timeout'     => self::TIMEOUT_SECONDS,
				'redirection' => 0,
				'headers'     => array_merge( $defaults, $headers ),
				'body'        => $body,
			)
		);
		if ( is_wp_error( $response ) ) {
			/* translators: 1: the hub's address, 2: the network error. */
			throw new TagPhoto_Hub_Error( sprintf( __( 'Could not reach the hub at %1$s: %2$s', 'tagphoto' ), $this->base_url, $response->get_error_message() ) );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( 204 === $status ) {
			return array();
		}
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( $status < 200 || $status >= 300 ) {
			$message = is_array( $decoded ) && isset( $decoded['error']['message'] ) ? (string) $decoded['error']['message'] : __( 'no explanation given', 'tagphoto' );
			throw new TagPhoto_Hub_Error(
				/* translators: 1: HTTP status code, 2: the hub's explanation. */
				sprintf( __( 'The hub answered %1$d: %2$s', 'tagphoto' ), $status, $message ),
				$status,
				(int) wp_remote_retrieve_header( $response, 'retry-after' )
			);
		}
		if ( ! is_array( $decoded ) ) {
			throw new TagPhoto_Hub_Error( __( 'The hub answered something that is not JSON.', 'tagphoto' ), $status );
		}
		return $decoded;
	}
}
