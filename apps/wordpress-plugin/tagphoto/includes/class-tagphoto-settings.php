<?php
/**
 * The plugin's options: public settings in one array, the two secrets in their own never-autoloaded options.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Settings {
	const OPTION          = 'tagphoto_settings';
	const API_KEY         = 'tagphoto_api_key';
	const CALLBACK_SECRET = 'tagphoto_callback_secret';
	const LANGUAGES       = array( 'en', 'de', 'fr', 'es', 'it', 'pt', 'nl' );
	const OPTIONAL_FIELDS = array( 'title', 'caption', 'description' );
	const OVERWRITE       = array( 'keep_person', 'always' );
	const CONTEXT         = array( 'product_name', 'focus_keyphrase' );
	const PUBLISH         = array( 'auto', 'confident', 'hold' );

	/** @return array{hub_url:string,language:string,fields:string[],overwrite:string,auto_tag:bool,per_minute:int,batch_size:int,context:string[],publish:string} */
	public static function all() {
		$stored = get_option( self::OPTION, array() );
		return self::sanitize( is_array( $stored ) ? $stored : array() );
	}

	public static function get( $name ) {
		$all = self::all();
		return $all[ $name ];
	}

	public static function defaults() {
		$locale = substr( (string) get_locale(), 0, 2 );
		return array(
			'hub_url'    => '',
			'language'   => in_array( $locale, self::LANGUAGES, true ) ? $locale : 'en',
			'fields'     => array(),
			'overwrite'  => 'keep_person',
			'auto_tag'   => true,
			'per_minute' => 30,
			'batch_size' => 5,
			'context'    => array(),
			'publish'    => 'auto',
		);
	}

	/** Also the Settings API's sanitize callback: unknown values fall back to the defaults. */
	public static function sanitize( $input ) {
		$defaults = self::defaults();
		$input    = is_array( $input ) ? $input : array();
		$out      = $defaults;
		if ( isset( $input['hub_url'] ) ) {
			$out['hub_url'] = self::sanitize_hub_url( $input['hub_url'] );
		}
		if ( isset( $input['language'] ) && in_array( $input['language'], self::LANGUAGES, true ) ) {
			$out['language'] = $input['language'];
		}
		if ( isset( $input['fields'] ) && is_array( $input['fields'] ) ) {
			$out['fields'] = array_values( array_intersect( self::OPTIONAL_FIELDS, array_map( 'strval', $input['fields'] ) ) );
		}
		if ( isset( $input['overwrite'] ) && in_array( $input['overwrite'], self::OVERWRITE, true ) ) {
			$out['overwrite'] = $input['overwrite'];
		}
		if ( isset( $input['auto_tag'] ) ) {
			$out['auto_tag'] = (bool) $input['auto_tag'];
		}
		if ( isset( $input['per_minute'] ) ) {
			$out['per_minute'] = max( 1, min( 600, (int) $input['per_minute'] ) );
		}
		if ( isset( $input['context'] ) && is_array( $input['context'] ) ) {
			$out['context'] = array_values( array_intersect( self::CONTEXT, array_map( 'strval', $input['context'] ) ) );
		}
		if ( isset( $input['publish'] ) && in_array( $input['publish'], self::PUBLISH, true ) ) {
			$out['publish'] = $input['publish'];
		}
		if ( isset( $input['batch_size'] ) ) {
			$out['batch_size'] = max( 1, min( 50, (int) $input['batch_size'] ) );
		}
		return $out;
	}

	/** The settings form has no hub address (connecting sets it), so saving the form keeps the stored one. */
	public static function sanitize_form( $input ) {
		$input = is_array( $input ) ? $input : array();
		if ( ! isset( $input['hub_url'] ) ) {
			$stored           = get_option( self::OPTION, array() );
			$input['hub_url'] = is_array( $stored ) && isset( $stored['hub_url'] ) ? $stored['hub_url'] : '';
		}
		return self::sanitize( $input );
	}

	public static function sanitize_hub_url( $url ) {
		return untrailingslashit( esc_url_raw( trim( (string) $url ), array( 'http', 'https' ) ) );
	}

	/** Changes some settings and keeps the rest. */
	public static function update( array $changes ) {
		update_option( self::OPTION, self::sanitize( array_merge( self::all(), $changes ) ) );
	}

	public static function api_key() {
		return (string) get_option( self::API_KEY, '' );
	}

	public static function callback_secret() {
		return (string) get_option( self::CALLBACK_SECRET, '' );
	}

	/** API keys and signing secrets are URL-safe base64 with a prefix: anything else is not part of them. */
	public static function sanitize_token( $value ) {
		return preg_replace( '/[^A-Za-z0-9_+\/=-]/', '', (string) $value );
	}

	/** An empty value keeps the stored secret: the form never shows it, so an empty field means "unchanged". */
	public static function save_secret( $option, $value ) {
		$value = trim( (string) $value );
		if ( '' === $value ) {
			return;
		}
		update_option( $option, $value, false );
	}

	public static function is_configured() {
		return '' !== self::get( 'hub_url' ) && '' !== self::api_key();
	}
}
