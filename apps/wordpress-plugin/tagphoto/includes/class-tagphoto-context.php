<?php
/**
 * What other plugins know about an image, used when they are active: the WooCommerce product it shows, the focus
 * keyphrase Yoast SEO or Rank Math has for the post it belongs to, and the language of its WPML or Polylang
 * translation. Only their documented functions are called, and only when they exist.
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Context {
	/** The alt text with the chosen context added (each part only when the site enabled it and the plugin knows one). */
	public static function alt_text( $alt, $attachment_id ) {
		$context = TagPhoto_Settings::get( 'context' );
		if ( '' === $alt ) {
			return $alt;
		}
		if ( in_array( 'product_name', $context, true ) ) {
			$product = self::product_name( $attachment_id );
			if ( '' !== $product && false === stripos( $alt, $product ) ) {
				/* translators: 1: WooCommerce product name, 2: the image's alt text. */
				$alt = sprintf( __( '%1$s: %2$s', 'tagphoto' ), $product, $alt );
			}
		}
		if ( in_array( 'focus_keyphrase', $context, true ) ) {
			$keyphrase = self::focus_keyphrase( $attachment_id );
			if ( '' !== $keyphrase && false === stripos( $alt, $keyphrase ) ) {
				/* translators: 1: the image's alt text, 2: the post's SEO focus keyphrase. */
				$alt = sprintf( __( '%1$s – %2$s', 'tagphoto' ), $alt, $keyphrase );
			}
		}
		return $alt;
	}

	/** The WooCommerce product whose image (featured, gallery or attached upload) this is; '' without WooCommerce. */
	public static function product_name( $attachment_id ) {
		if ( ! function_exists( 'wc_get_product' ) ) {
			return '';
		}
		$product_id = self::product_of( $attachment_id );
		$product    = $product_id ? wc_get_product( $product_id ) : null;
		return $product ? sanitize_text_field( $product->get_name() ) : '';
	}

	private static function product_of( $attachment_id ) {
		$parent = (int) wp_get_post_parent_id( $attachment_id );
		if ( $parent && 'product' === get_post_type( $parent ) ) {
			return $parent;
		}
		$featured = get_posts(
			array(
				'post_type'      => 'product',
				'post_status'    => 'any',
				'fields'         => 'ids',
				'posts_per_page' => 1,
				'meta_query'     => array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one lookup per tagged image.
					array(
						'key'   => '_thumbnail_id',
						'value' => (int) $attachment_id,
					),
				),
			)
		);
		return $featured ? (int) $featured[0] : 0;
	}

	/** The focus keyphrase of the post the image was uploaded to: Yoast SEO's, else Rank Math's first; '' without either. */
	public static function focus_keyphrase( $attachment_id ) {
		$post_id = (int) wp_get_post_parent_id( $attachment_id );
		if ( ! $post_id ) {
			return '';
		}
		if ( class_exists( 'WPSEO_Meta' ) ) {
			$yoast = (string) WPSEO_Meta::get_value( 'focuskw', $post_id );
			if ( '' !== trim( $yoast ) ) {
				return sanitize_text_field( $yoast );
			}
		}
		if ( defined( 'RANK_MATH_VERSION' ) ) {
			// Rank Math keeps its focus keywords comma-separated, the primary one first.
			$keywords = explode( ',', (string) get_post_meta( $post_id, 'rank_math_focus_keyword', true ) );
			return sanitize_text_field( trim( $keywords[0] ) );
		}
		return '';
	}

	/** The language of this attachment's translation (WPML or Polylang) when the hub writes it, else $fallback. */
	public static function language( $attachment_id, $fallback ) {
		$code = '';
		if ( function_exists( 'pll_get_post_language' ) ) {
			$code = (string) pll_get_post_language( $attachment_id, 'slug' );
		} elseif ( defined( 'ICL_SITEPRESS_VERSION' ) ) {
			$code = (string) apply_filters(
				'wpml_element_language_code',
				null,
				array(
					'element_id'   => $attachment_id,
					'element_type' => 'attachment',
				)
			);
		}
		$code = strtolower( substr( $code, 0, 2 ) );
		return in_array( $code, TagPhoto_Settings::LANGUAGES, true ) ? $code : $fallback;
	}
}
