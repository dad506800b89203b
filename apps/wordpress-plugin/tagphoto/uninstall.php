<?php
// Removing the plugin removes its settings and secrets; the alt text, titles and tags it wrote stay with the images.
defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

foreach ( array( 'tagphoto_settings', 'tagphoto_api_key', 'tagphoto_callback_secret', 'tagphoto_backfill', 'tagphoto_rate_window' ) as $option ) {
	delete_option( $option );
}
wp_clear_scheduled_hook( 'tagphoto_maintenance' );
wp_clear_scheduled_hook( 'tagphoto_backfill_batch' );
