<?php
/**
 * Plugin Name: TagPhoto e2e site customisations
 * Description: What a site's developer would write with TagPhoto's documented hooks; each is on only while the test lists
 * it in the option e2e_site_hooks.
 */

$e2e_hooks = (array) get_option( 'e2e_site_hooks', array() );

if ( in_array( 'skip', $e2e_hooks, true ) ) {
	add_filter(
		'tagphoto_skip_attachment',
		static function ( $skip, $attachment_id ) {
			return $skip || false !== strpos( get_the_title( $attachment_id ), 'private' );
		},
		10,
		2
	);
}

if ( in_array( 'alt-text', $e2e_hooks, true ) ) {
	add_filter(
		'tagphoto_alt_text',
		static function ( $alt ) {
			return $alt . ' (Acme Photo)';
		}
	);
}

if ( in_array( 'tagged', $e2e_hooks, true ) ) {
	add_action(
		'tagphoto_attachment_tagged',
		static function ( $attachment_id, $result, $written ) {
			$seen                          = (array) get_option( 'e2e_tagged', array() );
			$seen[ (string) $attachment_id ] = array(
				'altText' => $result['altText'],
				'written' => $written,
			);
			update_option( 'e2e_tagged', $seen, false );
		},
		10,
		3
	);
}

if ( in_array( 'language', $e2e_hooks, true ) ) {
	add_filter(
		'tagphoto_language',
		static function ( $language, $attachment_id ) {
			return false !== strpos( get_the_title( $attachment_id ), 'italia' ) ? 'it' : $language;
		},
		10,
		2
	);
}
