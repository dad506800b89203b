<?php
/**
 * Plugin Name: TagPhoto
 * Description: Alt text, titles, captions and tags for your media library, written by your own TagPhoto hub.
 * Version: 0.1.0
 * Requires at least: 6.1
 * Requires PHP: 7.4
 * License: UNLICENSED
 * Text Domain: tagphoto
 */

defined( 'ABSPATH' ) || exit;

define( 'TAGPHOTO_VERSION', '0.1.0' );
define( 'TAGPHOTO_FILE', __FILE__ );
define( 'TAGPHOTO_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-tagphoto-settings.php';
require_once __DIR__ . '/includes/class-tagphoto-webhook-verifier.php';
require_once __DIR__ . '/includes/class-tagphoto-field-policy.php';
require_once __DIR__ . '/includes/class-tagphoto-hub-client.php';
require_once __DIR__ . '/includes/class-tagphoto-attachment-writer.php';
require_once __DIR__ . '/includes/class-tagphoto-tagger.php';
require_once __DIR__ . '/includes/class-tagphoto-rate-limiter.php';
require_once __DIR__ . '/includes/class-tagphoto-backfill.php';
require_once __DIR__ . '/includes/class-tagphoto-rest-controller.php';
require_once __DIR__ . '/includes/class-tagphoto-admin.php';

TagPhoto_Tagger::register();
TagPhoto_Backfill::register();
TagPhoto_Rest_Controller::register();
TagPhoto_Admin::register();

if ( defined( 'WP_CLI' ) && WP_CLI ) {
	require_once __DIR__ . '/includes/class-tagphoto-cli-command.php';
	WP_CLI::add_command( 'tagphoto', 'TagPhoto_Cli_Command' );
}

register_activation_hook( __FILE__, array( 'TagPhoto_Tagger', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'TagPhoto_Tagger', 'deactivate' ) );
