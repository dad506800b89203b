<?php
/**
 * The media library's list view: an "Alt text" column with who wrote it, a "Missing alt text" / "Needs review"
 * filter, and the bulk action "Generate alt text with TagPhoto".
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Media_Library {
	const BULK_ACTION = 'tagphoto_generate';
	const COLUMN      = 'tagphoto_alt';
	const FILTER      = 'tagphoto_alt';
	const FILTERS     = array( 'missing', 'review' );

	public static function register() {
		add_filter( 'bulk_actions-upload', array( __CLASS__, 'bulk_actions' ) );
		add_filter( 'handle_bulk_actions-upload', array( __CLASS__, 'handle_bulk_action' ), 10, 3 );
		add_filter( 'manage_media_columns', array( __CLASS__, 'columns' ) );
		add_action( 'manage_media_custom_column', array( __CLASS__, 'column' ), 10, 2 );
		add_action( 'restrict_manage_posts', array( __CLASS__, 'filter_dropdown' ) );
		add_action( 'pre_get_posts', array( __CLASS__, 'filter_query' ) );
		add_action( 'admin_notices', array( __CLASS__, 'bulk_notice' ) );
	}

	public static function bulk_actions( $actions ) {
		if ( TagPhoto_Settings::is_configured() ) {
			$actions[ self::BULK_ACTION ] = __( 'Generate alt text with TagPhoto', 'tagphoto' );
		}
		return $actions;
	}

	/** upload.php has checked its own nonce (bulk-media) before it calls this; each image still needs its editor's rights. */
	public static function handle_bulk_action( $redirect, $action, $ids ) {
		if ( self::BULK_ACTION !== $action ) {
			return $redirect;
		}
		$queued = 0;
		foreach ( array_map( 'intval', (array) $ids ) as $id ) {
			if ( TagPhoto_Tagger::is_image( $id ) && current_user_can( 'edit_post', $id ) ) {
				TagPhoto_Tagger::queue( $id );
				++$queued;
			}
		}
		return add_query_arg( 'tagphoto_queued', $queued, $redirect );
	}

	public static function bulk_notice() {
		$screen = get_current_screen();
		if ( ! $screen || 'upload' !== $screen->id || ! isset( $_GET['tagphoto_queued'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only shows a count.
			return;
		}
		$count = absint( $_GET['tagphoto_queued'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only shows a count.
		/* translators: %d: number of images. */
		$message = sprintf( _n( '%d image sent to TagPhoto; its alt text arrives in a moment.', '%d images sent to TagPhoto; their alt text arrives in a moment.', $count, 'tagphoto' ), $count );
		echo '<div class="notice notice-success is-dismissible" id="tagphoto-bulk-notice"><p>' . esc_html( $message ) . '</p></div>';
	}

	public static function columns( $columns ) {
		$columns[ self::COLUMN ] = __( 'Alt text', 'tagphoto' );
		return $columns;
	}

	public static function column( $column, $attachment_id ) {
		if ( self::COLUMN !== $column || ! TagPhoto_Tagger::is_image( $attachment_id ) ) {
			return;
		}
		$origin = TagPhoto_Attachment_Writer::alt_origin( $attachment_id );
		$labels = array(
			'tagphoto' => __( 'Written by TagPhoto', 'tagphoto' ),
			'person'   => __( 'Written by a person', 'tagphoto' ),
			'missing'  => __( 'Missing', 'tagphoto' ),
			'review'   => __( 'Needs review', 'tagphoto' ),
		);
		$alt = (string) get_post_meta( $attachment_id, '_wp_attachment_image_alt', true );
		echo '<strong class="tagphoto-alt-origin" data-origin="' . esc_attr( $origin ) . '">' . esc_html( $labels[ $origin ] ) . '</strong>';
		if ( '' !== $alt ) {
			echo '<br><span class="tagphoto-alt-text">' . esc_html( $alt ) . '</span>';
		}
		$held = TagPhoto_Attachment_Writer::held( $attachment_id );
		if ( 'review' === $origin && null !== $held && current_user_can( 'edit_post', $attachment_id ) ) {
			self::review_controls( $attachment_id, $held );
		}
	}

	/** Approve, edit or reject a held suggestion (admin.js sends the decision to the REST route with the REST nonce). */
	private static function review_controls( $attachment_id, array $held ) {
		$suggestion = isset( $held['altText'] ) ? sanitize_text_field( (string) $held['altText'] ) : '';
		$reasons    = isset( $held['review']['reasons'] ) && is_array( $held['review']['reasons'] ) ? $held['review']['reasons'] : array();
		$field      = 'tagphoto-review-alt-' . (int) $attachment_id;
		?>
		<div class="tagphoto-review" data-attachment="<?php echo esc_attr( (string) $attachment_id ); ?>">
			<label for="<?php echo esc_attr( $field ); ?>"><?php esc_html_e( 'Suggested alt text', 'tagphoto' ); ?></label>
			<input type="text" class="widefat tagphoto-review-alt" id="<?php echo esc_attr( $field ); ?>" value="<?php echo esc_attr( $suggestion ); ?>">
			<?php if ( $reasons ) : ?>
				<p class="description tagphoto-review-reasons">
					<?php
					/* translators: %s: the hub's reasons, comma-separated (e.g. "low-confidence subject"). */
					echo esc_html( sprintf( __( 'Held because: %s', 'tagphoto' ), implode( ', ', array_map( 'sanitize_text_field', $reasons ) ) ) );
					?>
				</p>
			<?php endif; ?>
			<p>
				<button type="button" class="button button-small" data-tagphoto-review="approve"><?php esc_html_e( 'Approve', 'tagphoto' ); ?></button>
				<button type="button" class="button button-small" data-tagphoto-review="edit"><?php esc_html_e( 'Save my edit', 'tagphoto' ); ?></button>
				<button type="button" class="button button-small button-link-delete" data-tagphoto-review="reject"><?php esc_html_e( 'Reject', 'tagphoto' ); ?></button>
			</p>
			<p class="tagphoto-review-result" role="status"></p>
		</div>
		<?php
	}

	/** The list view's filter, beside WordPress's own media type and date filters. */
	public static function filter_dropdown( $post_type ) {
		if ( 'attachment' !== $post_type ) {
			return;
		}
		$current = self::current_filter();
		?>
		<label for="tagphoto-alt-filter" class="screen-reader-text"><?php esc_html_e( 'Filter by alt text', 'tagphoto' ); ?></label>
		<select name="<?php echo esc_attr( self::FILTER ); ?>" id="tagphoto-alt-filter">
			<option value=""><?php esc_html_e( 'All alt text', 'tagphoto' ); ?></option>
			<option value="missing" <?php selected( $current, 'missing' ); ?>><?php esc_html_e( 'Missing alt text', 'tagphoto' ); ?></option>
			<option value="review" <?php selected( $current, 'review' ); ?>><?php esc_html_e( 'Needs review', 'tagphoto' ); ?></option>
		</select>
		<?php
	}

	private static function current_filter() {
		$value = isset( $_GET[ self::FILTER ] ) ? sanitize_key( wp_unslash( $_GET[ self::FILTER ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a read-only list filter.
		return in_array( $value, self::FILTERS, true ) ? $value : '';
	}

	/** Narrows the media list (list view) to images without alt text, or with a suggestion waiting for review. */
	public static function filter_query( $query ) {
		global $pagenow;
		if ( ! is_admin() || ! $query->is_main_query() || 'upload.php' !== $pagenow ) {
			return;
		}
		$filter = self::current_filter();
		if ( '' === $filter ) {
			return;
		}
		$query->set( 'post_mime_type', 'image' );
		if ( 'missing' === $filter ) {
			$query->set(
				'meta_query',
				array(
					'relation' => 'OR',
					array(
						'key'     => '_wp_attachment_image_alt',
						'compare' => 'NOT EXISTS',
					),
					array(
						'key'   => '_wp_attachment_image_alt',
						'value' => '',
					),
				)
			);
			return;
		}
		$query->set(
			'meta_query',
			array(
				array(
					'key'   => TagPhoto_Attachment_Writer::META_STATUS,
					'value' => 'review',
				),
			)
		);
	}
}
