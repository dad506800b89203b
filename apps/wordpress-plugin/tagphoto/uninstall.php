<?php
/**
 * Deleting the plugin removes its settings, secrets, background state and queued events; the alt text, titles and
 * tags it wrote stay with the images (they are the site's content now).
 *
 * @package TagPhoto
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

foreach ( array( 'tagphoto_settings', 'tagphoto_api_key', 'tagphoto_callback_secret', 'tagphoto_backfill', 'tagphoto_rate_window' ) as $tagphoto_option ) {
	delete_option( $tagphoto_option );
}
foreach ( array( 'tagphoto_maintenance', 'tagphoto_backfill_batch', 'tagphoto_send', 'tagphoto_poll' ) as $tagphoto_hook ) {
	wp_unschedule_hook( $tagphoto_hook );
}
// The per-user "connect" and notice transients, and the plugin's bookkeeping on each attachment.
global $wpdb;
$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_tagphoto\\_%' OR option_name LIKE '\\_transient\\_timeout\\_tagphoto\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- no API deletes transients by prefix.
$wpdb->query( "DELETE FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_tagphoto\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one query instead of one per attachment.
