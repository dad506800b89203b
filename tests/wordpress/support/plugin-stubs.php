<?php
/**
 * Plugin Name: TagPhoto e2e stand-ins for other plugins
 * Description: WooCommerce, Yoast SEO, Rank Math, WPML, Polylang and Action Scheduler cannot be installed here (not in
 * Debian or npm), so their documented functions, classes and filters that TagPhoto calls are defined here, at the
 * plugin boundary, each only while the test lists it in the option e2e_plugin_stubs. Where they keep data, it is where
 * the real plugins keep it (Yoast: _yoast_wpseo_focuskw, Rank Math: rank_math_focus_keyword).
 */

$e2e_stubs = (array) get_option( 'e2e_plugin_stubs', array() );

if ( in_array( 'woocommerce', $e2e_stubs, true ) ) {
	add_action(
		'init',
		static function () {
			register_post_type( 'product', array( 'public' => true, 'show_in_rest' => true, 'label' => 'Products', 'supports' => array( 'title', 'editor', 'thumbnail' ) ) );
		}
	);
	final class E2E_WC_Product {
		private $post;
		public function __construct( WP_Post $post ) {
			$this->post = $post;
		}
		public function get_name() {
			return $this->post->post_title;
		}
	}
	/** WooCommerce: wc_get_product( $the_product ) returns the product, or false. */
	function wc_get_product( $the_product = false ) {
		$post = get_post( $the_product );
		return $post && 'product' === $post->post_type ? new E2E_WC_Product( $post ) : false;
	}
}

if ( in_array( 'yoast', $e2e_stubs, true ) ) {
	/** Yoast SEO: WPSEO_Meta::get_value( $key, $postid ) reads the post meta _yoast_wpseo_<key>. */
	final class WPSEO_Meta {
		public static function get_value( $key, $postid = 0 ) {
			return (string) get_post_meta( $postid, '_yoast_wpseo_' . $key, true );
		}
	}
}

if ( in_array( 'rank-math', $e2e_stubs, true ) ) {
	define( 'RANK_MATH_VERSION', '1.0.0' );
}

if ( in_array( 'polylang', $e2e_stubs, true ) ) {
	/** Polylang: pll_get_post_language( $post_id, $field = 'slug' ). The test keeps each post's language in _e2e_language. */
	function pll_get_post_language( $post_id, $field = 'slug' ) {
		$language = get_post_meta( $post_id, '_e2e_language', true );
		return '' === $language ? false : $language;
	}
}

if ( in_array( 'wpml', $e2e_stubs, true ) ) {
	define( 'ICL_SITEPRESS_VERSION', '4.6.0' );
	/** WPML: apply_filters( 'wpml_element_language_code', null, array( 'element_id' => …, 'element_type' => … ) ). */
	add_filter(
		'wpml_element_language_code',
		static function ( $language, $element ) {
			$code = get_post_meta( (int) $element['element_id'], '_e2e_language', true );
			return '' === $code ? $language : $code;
		},
		10,
		2
	);
}

if ( in_array( 'action-scheduler', $e2e_stubs, true ) ) {
	/** Action Scheduler's public API, with its queue kept in an option; bootstrap.php run-actions runs what is due. */
	function e2e_actions() {
		return (array) get_option( 'e2e_actions', array() );
	}
	function as_schedule_single_action( $timestamp, $hook, $args = array(), $group = '' ) {
		$actions   = e2e_actions();
		$actions[] = compact( 'timestamp', 'hook', 'args', 'group' ) + array( 'interval' => 0 );
		update_option( 'e2e_actions', $actions, false );
		return count( $actions );
	}
	function as_schedule_recurring_action( $timestamp, $interval_in_seconds, $hook, $args = array(), $group = '' ) {
		$actions   = e2e_actions();
		$actions[] = compact( 'timestamp', 'hook', 'args', 'group' ) + array( 'interval' => $interval_in_seconds );
		update_option( 'e2e_actions', $actions, false );
		return count( $actions );
	}
	function as_next_scheduled_action( $hook, $args = null, $group = '' ) {
		foreach ( e2e_actions() as $action ) {
			if ( $action['hook'] === $hook && ( null === $args || $action['args'] === $args ) && ( '' === $group || $action['group'] === $group ) ) {
				return (int) $action['timestamp'];
			}
		}
		return false;
	}
	function as_unschedule_all_actions( $hook, $args = array(), $group = '' ) {
		$kept = array_filter(
			e2e_actions(),
			static function ( $action ) use ( $hook, $group ) {
				return ! ( $action['hook'] === $hook && ( '' === $group || $action['group'] === $group ) );
			}
		);
		update_option( 'e2e_actions', array_values( $kept ), false );
	}
}
