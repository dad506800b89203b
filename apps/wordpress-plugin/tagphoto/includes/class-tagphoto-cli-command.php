<?php
/**
 * `wp tagphoto …`: the same backfill and retry code as the admin screens, in the foreground.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Cli_Command {
	/**
	 * Tags every image of the media library the hub has not tagged yet, within the configured per-minute budget.
	 *
	 * ## OPTIONS
	 *
	 * [--resume]
	 * : Continue a paused or interrupted run instead of starting over (already tagged images are skipped either way).
	 *
	 * ## EXAMPLES
	 *
	 *     wp tagphoto backfill
	 *
	 * @when after_wp_load
	 */
	public function backfill( $args, $assoc_args ) {
		$state = TagPhoto_Backfill::state();
		if ( isset( $assoc_args['resume'] ) && in_array( $state['state'], array( 'paused', 'running' ), true ) ) {
			TagPhoto_Backfill::resume();
		} else {
			TagPhoto_Backfill::start();
		}
		$progress = TagPhoto_Backfill::progress();
		$bar      = \WP_CLI\Utils\make_progress_bar( __( 'Sending images to the hub', 'tagphoto' ), max( 1, $progress['total'] ) );
		$shown    = $progress['total'] - $progress['pending'];
		$bar->tick( $shown );
		for ( ;; ) {
			$outcome = TagPhoto_Backfill::run_batch( time() );
			if ( 'running' !== $outcome['state'] ) {
				break;
			}
			$bar->tick( max( 0, $outcome['sent'] ) );
			if ( $outcome['wait'] > 0 ) {
				sleep( $outcome['wait'] );
			}
		}
		$bar->finish();
		$progress = TagPhoto_Backfill::progress();
		/* translators: 1: images in the library, 2: tagged, 3: failed, 4: still being tagged. */
		WP_CLI::success( sprintf( __( '%1$d images: %2$d tagged, %3$d failed, %4$d still with the hub.', 'tagphoto' ), $progress['total'], $progress['done'], $progress['failed'], $progress['pending'] ) );
	}

	/**
	 * Sends images again (by default every image whose last try failed).
	 *
	 * ## OPTIONS
	 *
	 * [<id>...]
	 * : Attachment IDs.
	 *
	 * @when after_wp_load
	 */
	public function retry( $args ) {
		if ( ! $args ) {
			TagPhoto_Tagger::retry_failed();
			WP_CLI::success( __( 'Failed images sent again.', 'tagphoto' ) );
			return;
		}
		foreach ( $args as $id ) {
			$ok = TagPhoto_Tagger::send( (int) $id );
			/* translators: %d: attachment id. */
			$ok ? WP_CLI::log( sprintf( __( '#%d sent', 'tagphoto' ), $id ) ) : WP_CLI::warning( sprintf( '#%d: %s', $id, get_post_meta( (int) $id, TagPhoto_Attachment_Writer::META_ERROR, true ) ) );
		}
	}

	/**
	 * Shows the backfill's progress.
	 *
	 * @when after_wp_load
	 */
	public function status() {
		WP_CLI::print_value( TagPhoto_Backfill::progress(), array( 'format' => 'json' ) );
	}
}
