<?php
/**
 * A fixed one-minute window shared by every backfill runner (cron, admin screen, WP-CLI), kept in an option.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Rate_Limiter {
	const OPTION = 'tagphoto_rate_window';

	/** Takes up to $wanted sends from this minute's budget; returns how many were granted. */
	public static function take( $wanted, $per_minute, $now ) {
		$window = get_option( self::OPTION, array() );
		$start  = isset( $window['start'] ) ? (int) $window['start'] : 0;
		$used   = isset( $window['used'] ) ? (int) $window['used'] : 0;
		if ( $now - $start >= MINUTE_IN_SECONDS ) {
			$start = $now;
			$used  = 0;
		}
		$granted = max( 0, min( (int) $wanted, (int) $per_minute - $used ) );
		update_option(
			self::OPTION,
			array(
				'start' => $start,
				'used'  => $used + $granted,
			),
			false
		);
		return $granted;
	}

	/** Seconds until the current window ends. */
	public static function seconds_left( $now ) {
		$window = get_option( self::OPTION, array() );
		$start  = isset( $window['start'] ) ? (int) $window['start'] : 0;
		return max( 1, MINUTE_IN_SECONDS - ( $now - $start ) );
	}
}
