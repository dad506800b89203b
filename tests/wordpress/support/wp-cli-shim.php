<?php
/**
 * WP-CLI is not packaged in Debian, so this stands in for the few parts of its API the plugin's command uses
 * (add_command, log, success, warning, print_value, make_progress_bar), recording what the command printed.
 */

namespace WP_CLI\Utils {
	function make_progress_bar( $message, $count ) {
		return new \TagPhoto_Shim_Progress_Bar();
	}
}

namespace {
define( 'WP_CLI', true );

final class WP_CLI {
	public static $commands = array();
	public static $lines    = array();

	public static function add_command( $name, $class ) {
		self::$commands[ $name ] = $class;
	}

	public static function log( $message ) {
		self::$lines[] = $message;
	}

	public static function success( $message ) {
		self::$lines[] = 'Success: ' . $message;
	}

	public static function warning( $message ) {
		self::$lines[] = 'Warning: ' . $message;
	}

	public static function print_value( $value, $args = array() ) {
		self::$lines[] = json_encode( $value );
	}
}

final class TagPhoto_Shim_Progress_Bar {
	public $ticks = 0;

	public function tick( $count = 1 ) {
		$this->ticks += $count;
	}

	public function finish() {
		WP_CLI::$lines[] = "progress: {$this->ticks}";
	}
}
}
