<?php
/**
 * The upload path: add_attachment only queues a WP-Cron event (the upload returns at once); the event sends the file
 * to the hub's async API with a signed callback to our REST route; a poll and an hourly retry cover lost callbacks
 * and a hub that was down.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Tagger {
	const SEND_EVENT        = 'tagphoto_send';
	const POLL_EVENT        = 'tagphoto_poll';
	const MAINTENANCE_EVENT = 'tagphoto_maintenance';
	const META_ATTEMPTS     = '_tagphoto_attempts';
	const POLL_AFTER        = 120;
	const MAX_POLLS         = 10;
	const MAX_ATTEMPTS      = 5;

	public static function register() {
		add_action( 'init', array( 'TagPhoto_Attachment_Writer', 'register_taxonomy' ) );
		add_action( 'add_attachment', array( __CLASS__, 'on_upload' ) );
		add_action( self::SEND_EVENT, array( __CLASS__, 'send' ) );
		add_action( self::POLL_EVENT, array( __CLASS__, 'poll' ), 10, 2 );
		add_action( self::MAINTENANCE_EVENT, array( __CLASS__, 'retry_failed' ) );
	}

	public static function activate() {
		TagPhoto_Scheduler::recurring( self::MAINTENANCE_EVENT, HOUR_IN_SECONDS );
	}

	public static function deactivate() {
		TagPhoto_Scheduler::clear( self::MAINTENANCE_EVENT );
	}

	public static function is_image( $attachment_id ) {
		return 0 === strpos( (string) get_post_mime_type( $attachment_id ), 'image/' );
	}

	public static function on_upload( $attachment_id ) {
		if ( ! self::is_image( $attachment_id ) || ! TagPhoto_Settings::get( 'auto_tag' ) || ! TagPhoto_Settings::is_configured() ) {
			return;
		}
		self::queue( $attachment_id );
	}

	/** Marks the attachment queued and lets WP-Cron send it. */
	public static function queue( $attachment_id, $force = false ) {
		if ( $force ) {
			update_post_meta( $attachment_id, TagPhoto_Attachment_Writer::META_FORCE, 1 );
		}
		delete_post_meta( $attachment_id, self::META_ATTEMPTS );
		TagPhoto_Attachment_Writer::set_status( $attachment_id, 'queued' );
		wp_schedule_single_event( time(), self::SEND_EVENT, array( (int) $attachment_id ) );
	}

	public static function callback_url( $attachment_id ) {
		return add_query_arg( 'attachment', (int) $attachment_id, rest_url( 'tagphoto/v1/callback' ) );
	}

	/**
	 * Sends one attachment to the hub. Never throws: failures are stored on the attachment for the media screen.
	 *
	 * @return bool Whether the hub accepted it.
	 * @throws TagPhoto_Hub_Error Only when $rethrow is set and the hub asked us to slow down (429), so batches can pause.
	 */
	public static function send( $attachment_id, $rethrow = false ) {
		$attachment_id = (int) $attachment_id;
		if ( ! self::is_image( $attachment_id ) ) {
			return false;
		}
		/**
		 * Whether TagPhoto leaves this image alone (not sent to the hub, nothing written).
		 *
		 * @param bool $skip          False by default.
		 * @param int  $attachment_id The image.
		 */
		if ( apply_filters( 'tagphoto_skip_attachment', false, $attachment_id ) ) {
			TagPhoto_Attachment_Writer::set_status( $attachment_id, 'skipped' );
			return false;
		}
		delete_post_meta( $attachment_id, TagPhoto_Attachment_Writer::META_HUB_ID );
		TagPhoto_Attachment_Writer::set_status( $attachment_id, 'sending' );
		$attempts = (int) get_post_meta( $attachment_id, self::META_ATTEMPTS, true ) + 1;
		update_post_meta( $attachment_id, self::META_ATTEMPTS, $attempts );
		try {
			list( $path, $mime ) = self::file_to_send( $attachment_id );
			$accepted            = TagPhoto_Hub_Client::from_settings()->submit(
				$path,
				$mime,
				basename( (string) get_attached_file( $attachment_id ) ),
				self::language_for( $attachment_id ),
				self::callback_url( $attachment_id )
			);
		} catch ( TagPhoto_Hub_Error $error ) {
			TagPhoto_Attachment_Writer::set_status( $attachment_id, 'failed', $error->getMessage() );
			if ( $rethrow && 429 === $error->status ) {
				throw $error;
			}
			return false;
		}
		update_post_meta( $attachment_id, TagPhoto_Attachment_Writer::META_HUB_ID, $accepted['id'] );
		// The callback may already have landed between the 202 and here.
		if ( 'sending' === TagPhoto_Attachment_Writer::status( $attachment_id ) ) {
			TagPhoto_Attachment_Writer::set_status( $attachment_id, 'processing' );
		}
		wp_schedule_single_event( time() + self::POLL_AFTER, self::POLL_EVENT, array( $attachment_id, 1 ) );
		return true;
	}

	/** The language of the alt text: the settings', a translation's own (WPML, Polylang), or what the tagphoto_language filter says. */
	public static function language_for( $attachment_id ) {
		$language = TagPhoto_Context::language( $attachment_id, TagPhoto_Settings::get( 'language' ) );
		/**
		 * The language the hub writes this image's alt text in (one of en, de, fr, es, it, pt, nl).
		 *
		 * @param string $language      The site's setting, or the attachment's translation language.
		 * @param int    $attachment_id The image.
		 */
		$language = (string) apply_filters( 'tagphoto_language', $language, $attachment_id );
		return in_array( $language, TagPhoto_Settings::LANGUAGES, true ) ? $language : TagPhoto_Settings::get( 'language' );
	}

	/** The "large" rendition when WordPress made one (less to upload, the engine shrinks images anyway), else the file. */
	private static function file_to_send( $attachment_id ) {
		$file  = (string) get_attached_file( $attachment_id );
		$mime  = (string) get_post_mime_type( $attachment_id );
		$large = image_get_intermediate_size( $attachment_id, 'large' );
		if ( is_array( $large ) && ! empty( $large['path'] ) ) {
			$uploads   = wp_get_upload_dir();
			$candidate = trailingslashit( $uploads['basedir'] ) . $large['path'];
			if ( is_readable( $candidate ) ) {
				return array( $candidate, ! empty( $large['mime-type'] ) ? $large['mime-type'] : $mime );
			}
		}
		return array( $file, $mime );
	}

	/** The result a callback delivered, or null when it belongs to an earlier request for this attachment. */
	public static function accept_callback( $attachment_id, array $image ) {
		$expected = (string) get_post_meta( $attachment_id, TagPhoto_Attachment_Writer::META_HUB_ID, true );
		$id       = isset( $image['id'] ) ? (string) $image['id'] : '';
		if ( '' === $expected || ! hash_equals( $expected, $id ) ) {
			return false;
		}
		TagPhoto_Attachment_Writer::apply( $attachment_id, $image );
		return true;
	}

	/** Fallback when no callback came: ask the hub. */
	public static function poll( $attachment_id, $round = 1 ) {
		$attachment_id = (int) $attachment_id;
		$hub_id        = (string) get_post_meta( $attachment_id, TagPhoto_Attachment_Writer::META_HUB_ID, true );
		if ( '' === $hub_id || 'processing' !== TagPhoto_Attachment_Writer::status( $attachment_id ) ) {
			return;
		}
		try {
			$image = TagPhoto_Hub_Client::from_settings()->image( $hub_id );
		} catch ( TagPhoto_Hub_Error $error ) {
			$image = array( 'status' => 404 === $error->status ? 'failed' : 'processing', 'error' => $error->getMessage() );
		}
		// The callback may have landed while the hub answered (and a person's edit after it): then this answer is old.
		// Read the status again from the database, not from this request's meta cache.
		wp_cache_delete( $attachment_id, 'post_meta' );
		if ( 'processing' !== TagPhoto_Attachment_Writer::status( $attachment_id ) ) {
			return;
		}
		if ( in_array( $image['status'], array( 'done', 'failed' ), true ) ) {
			TagPhoto_Attachment_Writer::apply( $attachment_id, $image );
		} elseif ( $round < self::MAX_POLLS ) {
			wp_schedule_single_event( time() + self::POLL_AFTER * ( $round + 1 ), self::POLL_EVENT, array( $attachment_id, $round + 1 ) );
		}
	}

	/** Hourly: sends again what failed (hub down, hub error), a few at a time, up to MAX_ATTEMPTS. */
	public static function retry_failed() {
		$ids = get_posts(
			array(
				'post_type'      => 'attachment',
				'post_status'    => 'inherit',
				'post_mime_type' => 'image',
				'fields'         => 'ids',
				'posts_per_page' => 20,
				'orderby'        => 'ID',
				'order'          => 'ASC',
				'meta_query'     => array(
					array(
						'key'   => TagPhoto_Attachment_Writer::META_STATUS,
						'value' => 'failed',
					),
				),
			)
		);
		foreach ( $ids as $id ) {
			if ( (int) get_post_meta( $id, self::META_ATTEMPTS, true ) < self::MAX_ATTEMPTS ) {
				self::send( $id );
			}
		}
	}
}
