<?php
/**
 * Sets up and inspects a throwaway WordPress without WP-CLI (not packaged in Debian).
 *
 *   php bootstrap.php create-db <name>            a fresh MariaDB database
 *   php bootstrap.php drop-db <name>
 *   php bootstrap.php install <docroot> <url> <activate|no-plugin>   wp_install, permalinks, the plugin, an application password
 *   php bootstrap.php configure <docroot> <url>   reads plugin settings as JSON on stdin
 *   php bootstrap.php import <docroot> <url> <file>...   adds images to the media library (as if uploaded earlier)
 *   php bootstrap.php media-fields <docroot> <url> <id>  the extra fields the media modal shows for an attachment (HTML)
 *   php bootstrap.php cli <docroot> <url> <subcommand> [<arg>...]   the plugin's WP-CLI command, under a WP-CLI stand-in
 *   php bootstrap.php admin-page <docroot> <url> <settings|backfill>   the HTML of one of the plugin's admin screens
 *   php bootstrap.php credentials <docroot> <url>  the API key, callback secret and hub address the plugin stored
 *   php bootstrap.php leftovers <docroot> <url>    what of the plugin is still in the database (options, transients, attachment meta)
 *   php bootstrap.php set-option <docroot> <url> <name>   sets an option to the JSON read on stdin
 *   php bootstrap.php option <docroot> <url> <name>       an option's value
 *   php bootstrap.php post-meta <docroot> <url> <id> <key> <value>   sets one post meta value (as another plugin would)
 *   php bootstrap.php run-actions <docroot> <url>         runs the due actions of the Action Scheduler stand-in (plugin-stubs.php)
 *   php bootstrap.php make-due <docroot> <url> <hook>    moves a recurring WP-Cron event to now, as if its hour had passed
 *
 * Prints one JSON line on success; exits non-zero with the reason on stderr otherwise.
 */

error_reporting( E_ALL & ~E_DEPRECATED );

function tagphoto_out( $value ) {
	fwrite( STDOUT, json_encode( $value ) . "\n" );
	exit( 0 );
}

function tagphoto_fail( $message ) {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
}

function tagphoto_database( $sql ) {
	$host = getenv( 'WP_DB_HOST' ) ?: '127.0.0.1';
	$port = (int) ( getenv( 'WP_DB_PORT' ) ?: 3306 );
	$db   = mysqli_init();
	if ( ! @$db->real_connect( $host, getenv( 'WP_DB_USER' ) ?: 'root', getenv( 'WP_DB_PASSWORD' ) ?: '', '', $port ) ) {
		tagphoto_fail( "MariaDB is not reachable at {$host}:{$port}: " . mysqli_connect_error() );
	}
	$db->query( $sql ) || tagphoto_fail( $db->error );
	$db->close();
}

/** Loads WordPress as a request to $url would, from the CLI. */
function tagphoto_load_wordpress( $docroot, $url, $installing = false ) {
	$parts                   = parse_url( $url );
	$_SERVER['HTTP_HOST']    = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	$_SERVER['REQUEST_URI']  = '/';
	$_SERVER['SERVER_NAME']  = $parts['host'];
	$_SERVER['SERVER_PORT']  = isset( $parts['port'] ) ? $parts['port'] : 80;
	$_SERVER['REQUEST_METHOD'] = 'GET';
	if ( $installing ) {
		define( 'WP_INSTALLING', true );
	}
	define( 'WP_USE_THEMES', false );
	require $docroot . '/wp-load.php';
}

$command = isset( $argv[1] ) ? $argv[1] : '';
$name    = isset( $argv[2] ) ? $argv[2] : '';

switch ( $command ) {
	case 'create-db':
		preg_match( '/^[A-Za-z0-9_]+$/', $name ) || tagphoto_fail( 'bad database name' );
		tagphoto_database( "CREATE DATABASE `{$name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" );
		tagphoto_out( array( 'database' => $name ) );
		break;

	case 'drop-db':
		preg_match( '/^[A-Za-z0-9_]+$/', $name ) || tagphoto_fail( 'bad database name' );
		tagphoto_database( "DROP DATABASE IF EXISTS `{$name}`" );
		tagphoto_out( array( 'dropped' => $name ) );
		break;

	case 'install':
		// No mail server here: the "your new site" e-mail is a pluggable function, so a silent one replaces it.
		function wp_new_blog_notification() {}
		tagphoto_load_wordpress( $argv[2], $argv[3], true );
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$password = wp_generate_password( 24 );
		$result   = wp_install( 'TagPhoto e2e', 'admin', 'admin@example.org', false, '', $password );
		update_option( 'permalink_structure', '/%postname%/' );
		if ( 'activate' === $argv[4] ) {
			$activated = activate_plugin( 'tagphoto/tagphoto.php' );
			if ( is_wp_error( $activated ) ) {
				tagphoto_fail( 'plugin activation failed: ' . $activated->get_error_message() );
			}
		}
		list( $app_password ) = WP_Application_Passwords::create_new_application_password( $result['user_id'], array( 'name' => 'e2e' ) );
		tagphoto_out(
			array(
				'user'                => 'admin',
				'password'            => $password,
				'applicationPassword' => $app_password,
			)
		);
		break;

	case 'configure':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		$input = json_decode( stream_get_contents( STDIN ), true );
		is_array( $input ) || tagphoto_fail( 'configure reads a JSON object on stdin' );
		if ( isset( $input['apiKey'] ) ) {
			TagPhoto_Settings::save_secret( TagPhoto_Settings::API_KEY, $input['apiKey'] );
		}
		if ( isset( $input['callbackSecret'] ) ) {
			TagPhoto_Settings::save_secret( TagPhoto_Settings::CALLBACK_SECRET, $input['callbackSecret'] );
		}
		if ( isset( $input['settings'] ) ) {
			update_option( TagPhoto_Settings::OPTION, TagPhoto_Settings::sanitize( array_merge( TagPhoto_Settings::all(), $input['settings'] ) ) );
		}
		tagphoto_out( TagPhoto_Settings::all() );
		break;

	case 'import':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		require_once ABSPATH . 'wp-admin/includes/image.php';
		require_once ABSPATH . 'wp-admin/includes/file.php';
		require_once ABSPATH . 'wp-admin/includes/media.php';
		wp_set_current_user( 1 );
		$ids = array();
		foreach ( array_slice( $argv, 4 ) as $file ) {
			$temp = wp_tempnam( basename( $file ) );
			copy( $file, $temp );
			$id = media_handle_sideload( array( 'name' => basename( $file ), 'tmp_name' => $temp ), 0 );
			if ( is_wp_error( $id ) ) {
				tagphoto_fail( basename( $file ) . ': ' . $id->get_error_message() );
			}
			$ids[] = $id;
		}
		tagphoto_out( array( 'ids' => $ids ) );
		break;

	case 'media-fields':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		require_once ABSPATH . 'wp-admin/includes/media.php';
		wp_set_current_user( 1 );
		$markup = get_compat_media_markup( (int) $argv[4] );
		tagphoto_out( array( 'html' => $markup['item'] ) );
		break;

	case 'cli':
		require __DIR__ . '/wp-cli-shim.php';
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		$command = new WP_CLI::$commands['tagphoto']();
		$args    = array();
		$assoc   = array();
		foreach ( array_slice( $argv, 5 ) as $arg ) {
			if ( 0 === strpos( $arg, '--' ) ) {
				$assoc[ substr( $arg, 2 ) ] = true;
			} else {
				$args[] = $arg;
			}
		}
		$command->{ $argv[4] }( $args, $assoc );
		tagphoto_out( array( 'lines' => WP_CLI::$lines ) );
		break;

	case 'admin-page':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		require_once ABSPATH . 'wp-admin/includes/admin.php';
		wp_set_current_user( 1 );
		ob_start();
		'settings' === $argv[4] ? TagPhoto_Admin::settings_page() : TagPhoto_Admin::backfill_page();
		tagphoto_out( array( 'html' => ob_get_clean() ) );
		break;

	case 'credentials':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		tagphoto_out(
			array(
				'apiKey'         => (string) get_option( 'tagphoto_api_key', '' ),
				'callbackSecret' => (string) get_option( 'tagphoto_callback_secret', '' ),
				'hubUrl'         => TagPhoto_Settings::get( 'hub_url' ),
			)
		);
		break;

	case 'leftovers':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		global $wpdb;
		$hooks = array();
		foreach ( _get_cron_array() as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( 0 === strpos( $hook, 'tagphoto_' ) ) {
					$hooks[] = $hook;
				}
			}
		}
		tagphoto_out(
			array(
				'options'        => $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%tagphoto%'" ),
				'attachmentMeta' => $wpdb->get_col( "SELECT DISTINCT meta_key FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_tagphoto\\_%'" ),
				'cron'           => array_values( array_unique( $hooks ) ),
			)
		);
		break;

	case 'set-option':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		update_option( $argv[4], json_decode( stream_get_contents( STDIN ), true ), false );
		tagphoto_out( array( 'option' => $argv[4] ) );
		break;

	case 'option':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		tagphoto_out( array( 'value' => get_option( $argv[4], null ) ) );
		break;

	case 'post-meta':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		update_post_meta( (int) $argv[4], $argv[5], $argv[6] );
		tagphoto_out( array( 'post' => (int) $argv[4] ) );
		break;

	case 'run-actions':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		$ran = array();
		foreach ( e2e_actions() as $action ) {
			if ( $action['timestamp'] > time() ) {
				continue;
			}
			// Taken off the queue first, as Action Scheduler claims an action before running it.
			update_option(
				'e2e_actions',
				array_values(
					array_filter(
						e2e_actions(),
						static function ( $queued ) use ( $action ) {
							return $queued !== $action;
						}
					)
				),
				false
			);
			if ( $action['interval'] > 0 ) {
				as_schedule_recurring_action( time() + $action['interval'], $action['interval'], $action['hook'], $action['args'], $action['group'] );
			}
			do_action_ref_array( $action['hook'], $action['args'] );
			$ran[] = $action['hook'];
		}
		tagphoto_out( array( 'ran' => $ran ) );
		break;

	case 'make-due':
		tagphoto_load_wordpress( $argv[2], $argv[3] );
		$hook = $argv[4];
		$next = wp_get_scheduled_event( $hook );
		$next || tagphoto_fail( "{$hook} is not scheduled" );
		wp_unschedule_event( $next->timestamp, $hook, $next->args );
		wp_schedule_event( time() - 1, $next->schedule, $hook, $next->args );
		tagphoto_out( array( 'hook' => $hook ) );
		break;

	default:
		tagphoto_fail( "unknown command {$command}" );
}
