<?php
/**
 * Background work on Action Scheduler when it is present (WooCommerce bundles it: a real queue table, retries, a log
 * under Tools → Scheduled Actions), on WP-Cron otherwise. Both call the same action hooks.
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Scheduler {
	const GROUP = 'tagphoto';

	public static function uses_action_scheduler() {
		return function_exists( 'as_schedule_single_action' ) && function_exists( 'as_next_scheduled_action' );
	}

	/** Runs $hook once at $timestamp (unless it is already waiting with the same arguments). */
	public static function once( $hook, $timestamp, array $args = array() ) {
		if ( false !== self::next( $hook, $args ) ) {
			return;
		}
		if ( self::uses_action_scheduler() ) {
			as_schedule_single_action( $timestamp, $hook, $args, self::GROUP );
			return;
		}
		wp_schedule_single_event( $timestamp, $hook, $args );
	}

	/** When $hook runs next, or false. */
	public static function next( $hook, array $args = array() ) {
		if ( self::uses_action_scheduler() ) {
			$next = as_next_scheduled_action( $hook, $args, self::GROUP );
			return is_int( $next ) || true === $next ? $next : false;
		}
		return wp_next_scheduled( $hook, $args );
	}

	/** Runs $hook every $interval seconds from now on. */
	public static function recurring( $hook, $interval ) {
		if ( false !== self::next( $hook ) ) {
			return;
		}
		if ( self::uses_action_scheduler() && function_exists( 'as_schedule_recurring_action' ) ) {
			as_schedule_recurring_action( time() + $interval, $interval, $hook, array(), self::GROUP );
			return;
		}
		wp_schedule_event( time() + $interval, 'hourly', $hook );
	}

	/** Forgets every pending run of $hook, in both schedulers (the site may have switched since it was scheduled). */
	public static function clear( $hook ) {
		if ( function_exists( 'as_unschedule_all_actions' ) ) {
			as_unschedule_all_actions( $hook, array(), self::GROUP );
		}
		wp_clear_scheduled_hook( $hook );
	}
}
