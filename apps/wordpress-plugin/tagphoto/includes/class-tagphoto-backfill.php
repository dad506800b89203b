<?php
/**
 * Tags the existing media library: a persisted cursor (resumable after any interruption), batches under a per-minute
 * budget, driven by Action Scheduler or WP-Cron, by the admin screen or by WP-CLI through the same run_batch(). A
 * batch runs only while it holds a MySQL named lock (GET_LOCK), so when cron, an open admin tab and WP-CLI race, one
 * runs and the others return at once; the lock dies with its database connection, so a killed runner never blocks.
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Backfill {
	const OPTION      = 'tagphoto_backfill';
	const BATCH_EVENT = 'tagphoto_backfill_batch';

	public static function register() {
		add_action( self::BATCH_EVENT, array( __CLASS__, 'run_scheduled_batch' ) );
	}

	/** @return array{state:string,cursor:int,max_id:int,started_at:string,paused_until:int} */
	public static function state() {
		$state = get_option( self::OPTION, array() );
		return array_merge(
			array(
				'state'        => 'idle',
				'cursor'       => 0,
				'max_id'       => 0,
				'started_at'   => '',
				'paused_until' => 0,
			),
			is_array( $state ) ? $state : array()
		);
	}

	private static function save( array $state ) {
		update_option( self::OPTION, $state, false );
	}

	/** Starts over from the oldest image; images already tagged are skipped. */
	public static function start() {
		global $wpdb;
		$max_id = (int) $wpdb->get_var( "SELECT MAX(ID) FROM {$wpdb->posts} WHERE post_type = 'attachment' AND post_mime_type LIKE 'image/%'" );
		self::save(
			array(
				'state'        => 'running',
				'cursor'       => 0,
				'max_id'       => $max_id,
				'started_at'   => gmdate( 'c' ),
				'paused_until' => 0,
			)
		);
		self::schedule( 0 );
		return self::progress();
	}

	public static function pause() {
		$state = self::state();
		if ( 'running' === $state['state'] ) {
			$state['state'] = 'paused';
			self::save( $state );
		}
		TagPhoto_Scheduler::clear( self::BATCH_EVENT );
		return self::progress();
	}

	/** Continues from the saved cursor. */
	public static function resume() {
		$state = self::state();
		if ( 'paused' === $state['state'] ) {
			$state['state'] = 'running';
			self::save( $state );
			self::schedule( 0 );
		}
		return self::progress();
	}

	private static function schedule( $delay ) {
		TagPhoto_Scheduler::once( self::BATCH_EVENT, time() + $delay );
	}

	/** The lock's name: one per site (and per database, which MySQL's named locks are not). */
	private static function lock_name() {
		global $wpdb;
		return 'tagphoto_backfill_' . substr( md5( DB_NAME . '|' . $wpdb->prefix ), 0, 16 );
	}

	private static function acquire_lock() {
		global $wpdb;
		return '1' === (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, 0)', self::lock_name() ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a MySQL named lock has no WordPress API.
	}

	private static function release_lock() {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', self::lock_name() ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- see acquire_lock().
	}

	public static function run_scheduled_batch() {
		$outcome = self::run_batch( time() );
		if ( 'running' === $outcome['state'] ) {
			self::schedule( $outcome['wait'] );
		}
	}

	/**
	 * Sends the next images within this minute's budget.
	 *
	 * @return array{state:string,sent:int,wait:int} `wait`: seconds before the next batch may send anything.
	 */
	public static function run_batch( $now ) {
		if ( ! self::acquire_lock() ) {
			// Another runner has the batch: come back in a moment, it may have left budget for us.
			return array( 'state' => self::state()['state'], 'sent' => 0, 'wait' => 1 );
		}
		try {
			return self::run_locked_batch( $now );
		} finally {
			self::release_lock();
		}
	}

	private static function run_locked_batch( $now ) {
		// Read after taking the lock: the cursor another runner just saved is where this batch starts.
		wp_cache_delete( self::OPTION, 'options' );
		wp_cache_delete( TagPhoto_Rate_Limiter::OPTION, 'options' );
		$state = self::state();
		if ( 'running' !== $state['state'] ) {
			return array( 'state' => $state['state'], 'sent' => 0, 'wait' => 0 );
		}
		if ( $state['paused_until'] > $now ) {
			return array( 'state' => 'running', 'sent' => 0, 'wait' => $state['paused_until'] - $now );
		}
		$settings = TagPhoto_Settings::all();
		$ids      = self::next_ids( $state['cursor'], $state['max_id'], $settings['batch_size'] );
		if ( ! $ids ) {
			$state['state'] = 'done';
			self::save( $state );
			return array( 'state' => 'done', 'sent' => 0, 'wait' => 0 );
		}
		$granted = TagPhoto_Rate_Limiter::take( count( $ids ), $settings['per_minute'], $now );
		$sent    = 0;
		foreach ( array_slice( $ids, 0, $granted ) as $id ) {
			try {
				if ( TagPhoto_Tagger::send( $id, true ) ) {
					++$sent;
				}
			} catch ( TagPhoto_Hub_Error $slow_down ) {
				$state['paused_until'] = $now + max( MINUTE_IN_SECONDS, $slow_down->retry_after );
				self::save( $state );
				return array( 'state' => 'running', 'sent' => $sent, 'wait' => $state['paused_until'] - $now );
			}
			// Saved after every image, so an interrupted run resumes exactly here.
			$state['cursor'] = $id;
			self::save( $state );
		}
		$wait = $granted < count( $ids ) ? TagPhoto_Rate_Limiter::seconds_left( $now ) : 0;
		return array( 'state' => 'running', 'sent' => $sent, 'wait' => $wait );
	}

	/** Images after the cursor that are not tagged yet. */
	private static function next_ids( $cursor, $max_id, $limit ) {
		global $wpdb;
		return array_map(
			'intval',
			$wpdb->get_col(
				$wpdb->prepare(
					"SELECT p.ID FROM {$wpdb->posts} p
					LEFT JOIN {$wpdb->postmeta} m ON m.post_id = p.ID AND m.meta_key = %s
					WHERE p.post_type = 'attachment' AND p.post_mime_type LIKE 'image/%%'
					AND p.ID > %d AND p.ID <= %d AND ( m.meta_value IS NULL OR m.meta_value <> 'done' )
					ORDER BY p.ID ASC LIMIT %d",
					TagPhoto_Attachment_Writer::META_STATUS,
					$cursor,
					$max_id,
					$limit
				)
			)
		);
	}

	/** Where the run stands: every image up to max_id counts, tagged before or during this run. */
	public static function progress() {
		global $wpdb;
		$state  = self::state();
		$counts = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT COALESCE(m.meta_value, 'untagged') AS status, COUNT(*) AS n FROM {$wpdb->posts} p
				LEFT JOIN {$wpdb->postmeta} m ON m.post_id = p.ID AND m.meta_key = %s
				WHERE p.post_type = 'attachment' AND p.post_mime_type LIKE 'image/%%' AND p.ID <= %d
				GROUP BY COALESCE(m.meta_value, 'untagged')",
				TagPhoto_Attachment_Writer::META_STATUS,
				$state['max_id']
			),
			ARRAY_A
		);
		$by_status = array();
		foreach ( $counts as $row ) {
			$by_status[ $row['status'] ] = (int) $row['n'];
		}
		$total   = array_sum( $by_status );
		$done    = isset( $by_status['done'] ) ? $by_status['done'] : 0;
		$failed  = isset( $by_status['failed'] ) ? $by_status['failed'] : 0;
		$skipped = isset( $by_status['skipped'] ) ? $by_status['skipped'] : 0;
		$pending = $total - $done - $failed - $skipped;
		return array(
			'state'     => $state['state'],
			'total'     => $total,
			'done'      => $done,
			'failed'    => $failed,
			'skipped'   => $skipped,
			'pending'   => $pending,
			'cursor'    => $state['cursor'],
			'startedAt' => $state['started_at'],
			'complete'  => 'done' === $state['state'] && 0 === $pending,
		);
	}
}
