<?php
/**
 * Plugin Name:       TagPhoto
 * Description:       Alt text, titles, captions and tags for your media library, written by your own TagPhoto hub.
 * Version:           0.2.0
 * Requires at least: 6.1
 * Tested up to:      6.1
 * Requires PHP:      7.4
 * Author:            TagPhoto
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       tagphoto
 * Domain Path:       /languages
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

define( 'TAGPHOTO_VERSION', '0.2.0' );
define( 'TAGPHOTO_FILE', __FILE__ );
define( 'TAGPHOTO_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-tagphoto-settings.php';
require_once __DIR__ . '/includes/class-tagphoto-webhook-verifier.php';
require_once __DIR__ . '/includes/class-tagphoto-field-policy.php';
require_once __DIR__ . '/includes/class-tagphoto-edit-message.php';
require_once __DIR__ . '/includes/class-tagphoto-hub-client.php';
require_once __DIR__ . '/includes/class-tagphoto-context.php';
require_once __DIR__ . '/includes/class-tagphoto-post-content.php';
require_once __DIR__ . '/includes/class-tagphoto-attachment-writer.php';
require_once __DIR__ . '/includes/class-tagphoto-tagger.php';
require_once __DIR__ . '/includes/class-tagphoto-scheduler.php';
require_once __DIR__ . '/includes/class-tagphoto-rate-limiter.php';
require_once __DIR__ . '/includes/class-tagphoto-backfill.php';
require_once __DIR__ . '/includes/class-tagphoto-rest-controller.php';
require_once __DIR__ . '/includes/class-tagphoto-connect.php';
require_once __DIR__ . '/includes/class-tagphoto-media-library.php';
require_once __DIR__ . '/includes/class-tagphoto-admin.php';

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'tagphoto', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
	}
);

TagPhoto_Tagger::register();
TagPhoto_Backfill::register();
TagPhoto_Rest_Controller::register();
TagPhoto_Connect::register();
TagPhoto_Media_Library::register();
TagPhoto_Admin::register();

if ( defined( 'WP_CLI' ) && WP_CLI ) {
	require_once __DIR__ . '/includes/class-tagphoto-cli-command.php';
	WP_CLI::add_command( 'tagphoto', 'TagPhoto_Cli_Command' );
}

register_activation_hook( __FILE__, array( 'TagPhoto_Tagger', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'TagPhoto_Tagger', 'deactivate' ) );
