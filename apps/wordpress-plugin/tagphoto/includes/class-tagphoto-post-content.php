<?php
/**
 * Alt text where visitors see it: when TagPhoto writes an image's alt text, the copies of that image already placed in
 * posts (block editor core/image blocks and classic <img> tags, both marked with the wp-image-<id> class) get it too,
 * but only where their alt is empty or still the text TagPhoto wrote before (a person's edit in the hub replacing it).
 * A person's alt text in a post always wins. Each changed post is saved through
 * wp_update_post(), so WordPress keeps a revision and the change can be undone from the post's revisions screen.
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Post_Content {
	/** Post types whose content holds images; attachments and revisions are never rewritten. */
	const SKIPPED_TYPES = array( 'attachment', 'revision', 'nav_menu_item', 'customize_changeset', 'oembed_cache', 'wp_global_styles' );

	/**
	 * Fills the empty alt attributes of this attachment's images in every post that shows it, and replaces those that
	 * still hold the text TagPhoto wrote before.
	 *
	 * @param string|null $replaceable Fingerprint (TagPhoto_Field_Policy::fingerprint) of the alt text TagPhoto wrote before.
	 * @return int[] The posts that changed.
	 */
	public static function propagate( $attachment_id, $alt, $replaceable = null ) {
		global $wpdb;
		$attachment_id = (int) $attachment_id;
		$alt           = trim( (string) $alt );
		if ( '' === $alt ) {
			return array();
		}
		$types    = implode( ', ', array_fill( 0, count( self::SKIPPED_TYPES ), '%s' ) );
		$post_ids = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a LIKE over post_content has no API; the result is not cached on purpose.
			$wpdb->prepare(
				"SELECT ID FROM {$wpdb->posts} WHERE post_content LIKE %s AND post_status NOT IN ('trash', 'auto-draft', 'inherit') AND post_type NOT IN ({$types})", // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- $types is a list of placeholders.
				array_merge( array( '%' . $wpdb->esc_like( 'wp-image-' . $attachment_id ) . '%' ), self::SKIPPED_TYPES )
			)
		);
		$changed = array();
		foreach ( array_map( 'intval', $post_ids ) as $post_id ) {
			/**
			 * Whether TagPhoto may fill empty alt attributes of an image in this post.
			 *
			 * @param bool $update        True by default.
			 * @param int  $post_id       The post that shows the image.
			 * @param int  $attachment_id The image.
			 */
			if ( ! apply_filters( 'tagphoto_update_post_content', true, $post_id, $attachment_id ) ) {
				continue;
			}
			$post    = get_post( $post_id );
			$content = self::fill_alt( $post->post_content, $attachment_id, $alt, $replaceable );
			if ( $content === $post->post_content ) {
				continue;
			}
			self::save( $post, $content );
			$changed[] = $post_id;
		}
		return $changed;
	}

	/**
	 * The content with every empty alt of this attachment's <img> tags set to $alt, and every alt whose text has the
	 * fingerprint $replaceable (TagPhoto's earlier text); other images and any other alt unchanged.
	 */
	public static function fill_alt( $content, $attachment_id, $alt, $replaceable = null ) {
		$class = '/\bclass\s*=\s*(["\'])(?:[^"\']*\s)?wp-image-' . (int) $attachment_id . '(?:\s[^"\']*)?\1/i';
		return preg_replace_callback(
			'/<img\b[^>]*>/i',
			static function ( $match ) use ( $class, $alt, $replaceable ) {
				$tag = $match[0];
				if ( ! preg_match( $class, $tag ) ) {
					return $tag;
				}
				$value = esc_attr( $alt );
				if ( preg_match( '/\salt\s*=\s*(["\'])(.*?)\1/is', $tag, $existing ) ) {
					$text = trim( html_entity_decode( $existing[2], ENT_QUOTES ) );
					$ours = is_string( $replaceable ) && hash_equals( $replaceable, TagPhoto_Field_Policy::fingerprint( $text ) );
					if ( '' !== $text && ! $ours ) {
						return $tag;
					}
					return str_replace( $existing[0], ' alt="' . $value . '"', $tag );
				}
				return preg_replace( '/^<img\b/i', '<img alt="' . $value . '"', $tag );
			},
			$content
		);
	}

	/**
	 * Saves the post with a revision on each side of the change: if the post has none yet, its current text is kept as
	 * one first, so "restore" always has the version before TagPhoto.
	 */
	private static function save( WP_Post $post, $content ) {
		// The hub's callback runs without a signed-in user, so KSES would filter the whole post (and its revisions) as an
		// anonymous author's; only the escaped alt attribute changes here, the rest is the author's saved content.
		$kses = false !== has_filter( 'content_save_pre', 'wp_filter_post_kses' );
		if ( $kses ) {
			kses_remove_filters();
		}
		if ( ! wp_get_post_revisions( $post->ID, array( 'posts_per_page' => 1 ) ) ) {
			wp_save_post_revision( $post->ID );
		}
		wp_update_post(
			wp_slash(
				array(
					'ID'           => $post->ID,
					'post_content' => $content,
				)
			)
		);
		if ( $kses ) {
			kses_init_filters();
		}
	}
}
