<?php
/**
 * Writes the hub's result onto an attachment: alt text always, the chosen optional fields, and the tags as terms,
 * leaving a person's text alone unless the settings (or a person's explicit request) say otherwise.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Attachment_Writer {
	const TAXONOMY     = 'tagphoto_tag';
	const META_STATUS  = '_tagphoto_status';
	const META_ERROR   = '_tagphoto_error';
	const META_HUB_ID  = '_tagphoto_hub_image_id';
	const META_WRITTEN = '_tagphoto_written';
	const META_TERMS   = '_tagphoto_terms';
	const META_FORCE   = '_tagphoto_force';
	const META_UPDATED = '_tagphoto_updated_at';
	const META_HELD    = '_tagphoto_suggestion';
	const META_EVENT   = '_tagphoto_event_at';
	const MAX_TAGS     = 12;

	public static function register_taxonomy() {
		register_taxonomy(
			self::TAXONOMY,
			'attachment',
			array(
				'labels'                => array(
					'name'          => __( 'Image tags', 'tagphoto' ),
					'singular_name' => __( 'Image tag', 'tagphoto' ),
				),
				'public'                => false,
				'show_ui'               => true,
				'show_admin_column'     => true,
				'show_in_rest'          => true,
				'hierarchical'          => false,
				'update_count_callback' => '_update_generic_term_count',
			)
		);
	}

	public static function status( $attachment_id ) {
		return (string) get_post_meta( $attachment_id, self::META_STATUS, true );
	}

	/**
	 * Who wrote the attachment's alt text: 'tagphoto' (the hub, unchanged since), 'person', 'missing', or 'review'
	 * when a suggestion waits for a person's decision.
	 */
	public static function alt_origin( $attachment_id ) {
		if ( 'review' === self::status( $attachment_id ) ) {
			return 'review';
		}
		$alt = trim( (string) get_post_meta( $attachment_id, '_wp_attachment_image_alt', true ) );
		if ( '' === $alt ) {
			return 'missing';
		}
		$written = get_post_meta( $attachment_id, self::META_WRITTEN, true );
		$known   = is_array( $written ) && isset( $written['alt'] ) ? $written['alt'] : null;
		return TagPhoto_Field_Policy::is_person_text( $alt, $known ) ? 'person' : 'tagphoto';
	}

	public static function set_status( $attachment_id, $status, $error = '' ) {
		update_post_meta( $attachment_id, self::META_STATUS, $status );
		update_post_meta( $attachment_id, self::META_UPDATED, gmdate( 'c' ) );
		if ( '' === $error ) {
			delete_post_meta( $attachment_id, self::META_ERROR );
		} else {
			update_post_meta( $attachment_id, self::META_ERROR, $error );
		}
	}


	/**
	 * Whether a hub message stamped `$at` (its ISO 8601 UTC `timestamp`) is older than one already applied to this
	 * attachment. The hub retries a delivery with the body it first signed, so a result that arrives again after a
	 * person's edit carries the older stamp and must not overwrite the edit. A message without a stamp is not ordered.
	 */
	public static function is_stale( $attachment_id, $at ) {
		$last = (string) get_post_meta( $attachment_id, self::META_EVENT, true );
		return self::is_stamp( $at ) && '' !== $last && strcmp( $at, $last ) <= 0;
	}

	/** Remembers the stamp of the hub message just applied (see is_stale). */
	public static function applied_event( $attachment_id, $at ) {
		if ( self::is_stamp( $at ) ) {
			update_post_meta( $attachment_id, self::META_EVENT, $at );
		}
	}

	/** The hub's stamps are Date#toISOString(): fixed width, so they order as strings. */
	private static function is_stamp( $at ) {
		return is_string( $at ) && 1 === preg_match( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/', $at );
	}

	/** Applies a hub image body (`done` or `failed`). */
	public static function apply( $attachment_id, array $image ) {
		$status = isset( $image['status'] ) ? $image['status'] : '';
		if ( 'failed' === $status ) {
			$error = isset( $image['error'] ) && is_string( $image['error'] ) ? $image['error'] : __( 'no reason given', 'tagphoto' );
			/* translators: %s: the hub's reason. */
			self::set_status( $attachment_id, 'failed', sprintf( __( 'The hub could not tag this image: %s', 'tagphoto' ), $error ) );
			return;
		}
		if ( 'done' !== $status || ! isset( $image['result'] ) || ! is_array( $image['result'] ) ) {
			return;
		}
		if ( self::must_hold( $attachment_id, $image['result'] ) ) {
			update_post_meta( $attachment_id, self::META_HELD, wp_slash( $image['result'] ) );
			self::set_status( $attachment_id, 'review' );
			return;
		}
		self::publish( $attachment_id, $image['result'] );
	}

	/**
	 * The site's publishing setting: 'auto' writes every result, 'confident' holds those the hub flags for review,
	 * 'hold' holds them all. A person asking for this one image (Generate alt text) gets the result written at once.
	 */
	private static function must_hold( $attachment_id, array $result ) {
		$mode = TagPhoto_Settings::get( 'publish' );
		if ( 'auto' === $mode || get_post_meta( $attachment_id, self::META_FORCE, true ) ) {
			return false;
		}
		return 'hold' === $mode || ( isset( $result['review']['needed'] ) && true === $result['review']['needed'] );
	}

	/** The suggestion waiting for review, or null. */
	public static function held( $attachment_id ) {
		$held = get_post_meta( $attachment_id, self::META_HELD, true );
		return is_array( $held ) ? $held : null;
	}

	/**
	 * A person's decision on a held suggestion: 'approve' writes it as TagPhoto's, 'edit' writes $alt_text as the
	 * person's own (later results never replace it), 'reject' writes nothing.
	 *
	 * @return bool False when nothing waits for review.
	 */
	public static function decide( $attachment_id, $decision, $alt_text = '' ) {
		$held = self::held( $attachment_id );
		if ( null === $held ) {
			return false;
		}
		delete_post_meta( $attachment_id, self::META_HELD );
		if ( 'reject' === $decision ) {
			self::set_status( $attachment_id, 'rejected' );
			return true;
		}
		if ( 'edit' === $decision ) {
			$held['altText'] = '';
			update_post_meta( $attachment_id, '_wp_attachment_image_alt', wp_slash( $alt_text ) );
		}
		// The reviewer decided for this image: the overwrite policy does not stand between them and the result.
		update_post_meta( $attachment_id, self::META_FORCE, 1 );
		self::publish( $attachment_id, $held );
		if ( 'edit' === $decision ) {
			TagPhoto_Post_Content::propagate( $attachment_id, $alt_text );
		}
		return true;
	}

	/**
	 * A person's edit or approval in the hub. The tags replace the ones the hub added; a person's own terms stay. Alt text
	 * a person wrote or approved in the hub replaces what the hub wrote before (or an empty field), in the attachment and
	 * in the posts that show it, and settles a suggestion held here (the person decided in the hub); alt text a person
	 * typed in WordPress stays unless the site chose "always". The engine's alt text, going out again beside edited tags,
	 * is not written: it came with the result already, and a suggestion held or rejected here stays so.
	 *
	 * @param string[] $labels The tags as they stand in the hub.
	 * @return array<string,string> The fields written, with their text.
	 */
	public static function apply_edit( $attachment_id, $alt_text, $alt_by_person, array $labels ) {
		$alt     = sanitize_text_field( $alt_text );
		$current = (string) get_post_meta( $attachment_id, '_wp_attachment_image_alt', true );
		$written = get_post_meta( $attachment_id, self::META_WRITTEN, true );
		$written = is_array( $written ) ? $written : array();
		$known   = isset( $written['alt'] ) ? $written['alt'] : null;
		$changed = array();
		self::write_terms(
			$attachment_id,
			array_map(
				static function ( $label ) {
					return array( 'label' => $label );
				},
				$labels
			)
		);
		if ( ! $alt_by_person ) {
			update_post_meta( $attachment_id, self::META_UPDATED, gmdate( 'c' ) );
			return $changed;
		}
		if ( '' !== $alt && TagPhoto_Field_Policy::may_write( $current, $known, array(), TagPhoto_Settings::get( 'overwrite' ), false ) ) {
			update_post_meta( $attachment_id, '_wp_attachment_image_alt', wp_slash( $alt ) );
			$written['alt'] = TagPhoto_Field_Policy::fingerprint( $alt );
			update_post_meta( $attachment_id, self::META_WRITTEN, $written );
			$changed['alt'] = $alt;
		}
		// Settle the attachment before the slower rewrite of the posts that show it, so a reader who sees the new alt
		// text sees the suggestion settled a moment later at most.
		if ( null !== self::held( $attachment_id ) ) {
			delete_post_meta( $attachment_id, self::META_HELD );
		}
		self::set_status( $attachment_id, 'done' );
		if ( isset( $changed['alt'] ) ) {
			TagPhoto_Post_Content::propagate( $attachment_id, $alt, $known );
		}
		/** This action is documented in includes/class-tagphoto-attachment-writer.php (publish). */
		do_action( 'tagphoto_attachment_tagged', $attachment_id, array( 'altText' => $alt ), $changed );
		return $changed;
	}

	private static function publish( $attachment_id, array $result ) {
		$written = self::write_fields( $attachment_id, $result );
		self::write_terms( $attachment_id, isset( $result['tags'] ) && is_array( $result['tags'] ) ? $result['tags'] : array() );
		delete_post_meta( $attachment_id, self::META_FORCE );
		self::set_status( $attachment_id, 'done' );
		if ( isset( $written['alt'] ) ) {
			TagPhoto_Post_Content::propagate( $attachment_id, $written['alt'] );
		}
		/**
		 * After TagPhoto has written an attachment's fields and tags.
		 *
		 * @param int                  $attachment_id The image.
		 * @param array                $result        The hub's result (altText, title, description, tags, …).
		 * @param array<string,string> $written       The fields TagPhoto wrote (alt, title, caption, description) and their text.
		 */
		do_action( 'tagphoto_attachment_tagged', $attachment_id, $result, $written );
	}

	/** @return array<string,string> The fields written, with their text. */
	private static function write_fields( $attachment_id, array $result ) {
		$settings  = TagPhoto_Settings::all();
		$fields    = array_merge( array( 'alt' ), $settings['fields'] );
		$force     = (bool) get_post_meta( $attachment_id, self::META_FORCE, true );
		$written   = get_post_meta( $attachment_id, self::META_WRITTEN, true );
		$written   = is_array( $written ) ? $written : array();
		$post      = get_post( $attachment_id );
		$automatic = array(
			'title' => array(
				TagPhoto_Field_Policy::title_from_file_name( get_attached_file( $attachment_id ) ),
				TagPhoto_Field_Policy::title_from_file_name( (string) wp_get_original_image_path( $attachment_id ) ),
			),
		);
		$post_update = array();
		$changed     = array();
		foreach ( $fields as $field ) {
			$text = self::text_for( $field, $result );
			if ( 'alt' === $field ) {
				/**
				 * The alt text TagPhoto is about to save, e.g. to add a brand name or shorten it.
				 *
				 * @param string $alt           The hub's alt text (sanitised, with the product name or keyphrase if enabled).
				 * @param int    $attachment_id The image.
				 * @param array  $result        The hub's whole result.
				 */
				$text = sanitize_text_field( (string) apply_filters( 'tagphoto_alt_text', TagPhoto_Context::alt_text( $text, $attachment_id ), $attachment_id, $result ) );
			}
			if ( '' === $text ) {
				continue;
			}
			$current = self::current( $field, $attachment_id, $post );
			$known   = isset( $written[ $field ] ) ? $written[ $field ] : null;
			$auto    = isset( $automatic[ $field ] ) ? $automatic[ $field ] : array();
			if ( ! TagPhoto_Field_Policy::may_write( $current, $known, $auto, $settings['overwrite'], $force ) ) {
				continue;
			}
			if ( 'alt' === $field ) {
				update_post_meta( $attachment_id, '_wp_attachment_image_alt', wp_slash( $text ) );
			} else {
				$post_update[ self::post_column( $field ) ] = $text;
			}
			$written[ $field ] = TagPhoto_Field_Policy::fingerprint( $text );
			$changed[ $field ] = $text;
		}
		if ( $post_update ) {
			$post_update['ID'] = $attachment_id;
			wp_update_post( wp_slash( $post_update ) );
		}
		update_post_meta( $attachment_id, self::META_WRITTEN, $written );
		return $changed;
	}

	private static function text_for( $field, array $result ) {
		$key  = TagPhoto_Field_Policy::SOURCES[ $field ];
		$text = isset( $result[ $key ] ) && is_string( $result[ $key ] ) ? trim( $result[ $key ] ) : '';
		return sanitize_text_field( $text );
	}

	private static function current( $field, $attachment_id, $post ) {
		if ( 'alt' === $field ) {
			return (string) get_post_meta( $attachment_id, '_wp_attachment_image_alt', true );
		}
		return $post ? (string) $post->{self::post_column( $field )} : '';
	}

	private static function post_column( $field ) {
		$columns = array(
			'title'       => 'post_title',
			'caption'     => 'post_excerpt',
			'description' => 'post_content',
		);
		return $columns[ $field ];
	}

	/** Replaces the terms the hub added last time; terms a person added stay. */
	private static function write_terms( $attachment_id, array $tags ) {
		$labels = array();
		foreach ( $tags as $tag ) {
			if ( is_array( $tag ) && isset( $tag['label'] ) && is_string( $tag['label'] ) && '' !== trim( $tag['label'] ) ) {
				$labels[] = sanitize_text_field( $tag['label'] );
			}
		}
		$labels   = array_slice( array_values( array_unique( $labels ) ), 0, self::MAX_TAGS );
		$previous = get_post_meta( $attachment_id, self::META_TERMS, true );
		$previous = is_array( $previous ) ? $previous : array();
		$current  = wp_get_object_terms( $attachment_id, self::TAXONOMY, array( 'fields' => 'names' ) );
		$current  = is_wp_error( $current ) ? array() : $current;
		$kept     = array_diff( $current, $previous );
		wp_set_object_terms( $attachment_id, array_values( array_unique( array_merge( $kept, $labels ) ) ), self::TAXONOMY, false );
		update_post_meta( $attachment_id, self::META_TERMS, $labels );
	}
}
