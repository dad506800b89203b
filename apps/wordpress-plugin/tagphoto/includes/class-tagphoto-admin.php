<?php
/**
 * Admin screens: Settings → TagPhoto (connect, settings), Media → TagPhoto backfill, the status box on each media
 * item, and the scripts for the media modal and the block editor.
 *
 * @package TagPhoto
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Admin {
	const SETTINGS_PAGE = 'tagphoto';
	const BACKFILL_PAGE = 'tagphoto-backfill';

	public static function register() {
		add_action( 'admin_menu', array( __CLASS__, 'menus' ) );
		add_action( 'admin_init', array( __CLASS__, 'settings' ) );
		add_action( 'admin_post_tagphoto_save_secrets', array( __CLASS__, 'save_secrets' ) );
		add_filter( 'attachment_fields_to_edit', array( __CLASS__, 'media_fields' ), 10, 2 );
		add_action( 'admin_enqueue_scripts', array( __CLASS__, 'admin_scripts' ) );
		add_action( 'enqueue_block_editor_assets', array( __CLASS__, 'editor_scripts' ) );
	}

	public static function menus() {
		add_options_page( __( 'TagPhoto', 'tagphoto' ), __( 'TagPhoto', 'tagphoto' ), 'manage_options', self::SETTINGS_PAGE, array( __CLASS__, 'settings_page' ) );
		add_media_page( __( 'TagPhoto backfill', 'tagphoto' ), __( 'TagPhoto backfill', 'tagphoto' ), 'manage_options', self::BACKFILL_PAGE, array( __CLASS__, 'backfill_page' ) );
	}

	public static function settings() {
		register_setting(
			'tagphoto',
			TagPhoto_Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'TagPhoto_Settings', 'sanitize_form' ),
			)
		);
	}

	private static function script( $handle, $file, array $deps ) {
		wp_enqueue_script( $handle, plugins_url( 'build/' . $file, TAGPHOTO_FILE ), array_merge( array( 'wp-i18n' ), $deps ), TAGPHOTO_VERSION, true );
		wp_set_script_translations( $handle, 'tagphoto', TAGPHOTO_DIR . '/languages' );
		wp_localize_script(
			$handle,
			'tagphotoConfig',
			array(
				'root'  => esc_url_raw( rest_url() ),
				'nonce' => wp_create_nonce( 'wp_rest' ),
			)
		);
	}

	public static function admin_scripts() {
		if ( current_user_can( 'upload_files' ) ) {
			self::script( 'tagphoto-admin', 'admin.js', array() );
		}
	}

	public static function editor_scripts() {
		self::script( 'tagphoto-editor', 'editor.js', array( 'wp-hooks', 'wp-compose', 'wp-element', 'wp-block-editor', 'wp-components' ) );
	}

	public static function settings_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$s         = TagPhoto_Settings::all();
		$connected = TagPhoto_Settings::is_configured();
		$notice    = TagPhoto_Connect::take_notice();
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'TagPhoto', 'tagphoto' ); ?></h1>
			<?php if ( $notice ) : ?>
				<div class="notice <?php echo 'success' === $notice['kind'] ? 'notice-success' : 'notice-error'; ?>" id="tagphoto-notice"><p><?php echo esc_html( $notice['message'] ); ?></p></div>
			<?php endif; ?>
			<h2><?php esc_html_e( 'Connection', 'tagphoto' ); ?></h2>
			<?php if ( $connected ) : ?>
				<p id="tagphoto-connection-status">
					<?php
					/* translators: %s: the hub's address. */
					echo esc_html( sprintf( __( 'Connected to the TagPhoto hub at %s.', 'tagphoto' ), $s['hub_url'] ) );
					?>
				</p>
				<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
					<input type="hidden" name="action" value="tagphoto_disconnect">
					<?php wp_nonce_field( 'tagphoto_disconnect' ); ?>
					<input type="hidden" name="hub_url" value="<?php echo esc_attr( $s['hub_url'] ); ?>">
					<p><button type="button" class="button" id="tagphoto-test-connection"><?php esc_html_e( 'Test connection', 'tagphoto' ); ?></button>
					<?php submit_button( __( 'Disconnect', 'tagphoto' ), 'delete', 'tagphoto-disconnect', false ); ?>
					<span id="tagphoto-test-result" role="status"></span></p>
				</form>
			<?php else : ?>
				<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
					<input type="hidden" name="action" value="tagphoto_connect">
					<?php wp_nonce_field( 'tagphoto_connect' ); ?>
					<table class="form-table" role="presentation">
						<tr><th scope="row"><label for="tagphoto-hub-url"><?php esc_html_e( 'Hub address', 'tagphoto' ); ?></label></th>
							<td><input id="tagphoto-hub-url" class="regular-text" type="url" required name="hub_url" value="<?php echo esc_attr( $s['hub_url'] ); ?>" placeholder="https://tagphoto.example.org">
							<p class="description"><?php esc_html_e( 'You sign in to the hub and approve this site; the hub then gives the site its own API key and callback secret.', 'tagphoto' ); ?></p></td></tr>
					</table>
					<?php submit_button( __( 'Connect to TagPhoto', 'tagphoto' ), 'primary', 'tagphoto-connect' ); ?>
				</form>
			<?php endif; ?>
			<h2><?php esc_html_e( 'Settings', 'tagphoto' ); ?></h2>
			<form method="post" action="options.php">
				<?php settings_fields( 'tagphoto' ); ?>
				<table class="form-table" role="presentation">
					<tr><th scope="row"><label for="tagphoto-language"><?php esc_html_e( 'Language', 'tagphoto' ); ?></label></th>
						<td><select id="tagphoto-language" name="tagphoto_settings[language]">
						<?php foreach ( TagPhoto_Settings::LANGUAGES as $language ) : ?>
							<option value="<?php echo esc_attr( $language ); ?>" <?php selected( $s['language'], $language ); ?>><?php echo esc_html( $language ); ?></option>
						<?php endforeach; ?>
						</select></td></tr>
					<tr><th scope="row"><?php esc_html_e( 'Fields to fill', 'tagphoto' ); ?></th>
						<td><label><input type="checkbox" checked disabled> <?php esc_html_e( 'Alt text (always)', 'tagphoto' ); ?></label><br>
						<?php foreach ( self::optional_field_labels() as $field => $label ) : ?>
							<label><input type="checkbox" name="tagphoto_settings[fields][]" value="<?php echo esc_attr( $field ); ?>" <?php checked( in_array( $field, $s['fields'], true ) ); ?>> <?php echo esc_html( $label ); ?></label><br>
						<?php endforeach; ?></td></tr>
					<tr><th scope="row"><?php esc_html_e( 'Text a person wrote', 'tagphoto' ); ?></th>
						<td><label><input type="radio" name="tagphoto_settings[overwrite]" value="keep_person" <?php checked( $s['overwrite'], 'keep_person' ); ?>> <?php esc_html_e( 'Never overwrite it (only empty fields and the hub’s own earlier text)', 'tagphoto' ); ?></label><br>
						<label><input type="radio" name="tagphoto_settings[overwrite]" value="always" <?php checked( $s['overwrite'], 'always' ); ?>> <?php esc_html_e( 'Always replace it', 'tagphoto' ); ?></label></td></tr>
					<tr><th scope="row"><?php esc_html_e( 'Publishing', 'tagphoto' ); ?></th>
						<td><?php foreach ( self::publish_labels() as $mode => $label ) : ?>
							<label><input type="radio" name="tagphoto_settings[publish]" value="<?php echo esc_attr( $mode ); ?>" <?php checked( $s['publish'], $mode ); ?>> <?php echo esc_html( $label ); ?></label><br>
						<?php endforeach; ?>
						<p class="description"><?php esc_html_e( 'Held suggestions wait under Media → Library → "Needs review" for approve, edit or reject.', 'tagphoto' ); ?></p></td></tr>
					<tr><th scope="row"><?php esc_html_e( 'Context', 'tagphoto' ); ?></th>
						<td><input type="hidden" name="tagphoto_settings[context][]" value="">
						<label><input type="checkbox" name="tagphoto_settings[context][]" value="product_name" <?php checked( in_array( 'product_name', $s['context'], true ) ); ?>> <?php esc_html_e( 'Include the WooCommerce product name in product images’ alt text', 'tagphoto' ); ?></label><br>
						<label><input type="checkbox" name="tagphoto_settings[context][]" value="focus_keyphrase" <?php checked( in_array( 'focus_keyphrase', $s['context'], true ) ); ?>> <?php esc_html_e( 'Include the post’s focus keyphrase from Yoast SEO or Rank Math', 'tagphoto' ); ?></label>
						<p class="description"><?php esc_html_e( 'With WPML or Polylang each translation of an image gets alt text in its own language.', 'tagphoto' ); ?></p></td></tr>
					<tr><th scope="row"><?php esc_html_e( 'On upload', 'tagphoto' ); ?></th>
						<td><input type="hidden" name="tagphoto_settings[auto_tag]" value="0"><label><input type="checkbox" name="tagphoto_settings[auto_tag]" value="1" <?php checked( $s['auto_tag'] ); ?>> <?php esc_html_e( 'Tag new images automatically', 'tagphoto' ); ?></label></td></tr>
					<tr><th scope="row"><label for="tagphoto-per-minute"><?php esc_html_e( 'Backfill rate', 'tagphoto' ); ?></label></th>
						<td><input id="tagphoto-per-minute" type="number" min="1" max="600" name="tagphoto_settings[per_minute]" value="<?php echo esc_attr( (string) $s['per_minute'] ); ?>"> <?php esc_html_e( 'images per minute, in batches of', 'tagphoto' ); ?>
						<input type="number" min="1" max="50" name="tagphoto_settings[batch_size]" aria-label="<?php esc_attr_e( 'Batch size', 'tagphoto' ); ?>" value="<?php echo esc_attr( (string) $s['batch_size'] ); ?>"></td></tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<h2><?php esc_html_e( 'Credentials entered by hand', 'tagphoto' ); ?></h2>
			<p><?php esc_html_e( 'Only for hubs you cannot sign in to from this browser: "Connect to TagPhoto" above sets both for you.', 'tagphoto' ); ?></p>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="tagphoto_save_secrets">
				<?php wp_nonce_field( 'tagphoto_save_secrets' ); ?>
				<table class="form-table" role="presentation">
					<tr><th scope="row"><label for="tagphoto-manual-hub-url"><?php esc_html_e( 'Hub address', 'tagphoto' ); ?></label></th>
						<td><input id="tagphoto-manual-hub-url" class="regular-text" type="url" name="hub_url" value="<?php echo esc_attr( $s['hub_url'] ); ?>"></td></tr>
					<tr><th scope="row"><label for="tagphoto-api-key"><?php esc_html_e( 'API key', 'tagphoto' ); ?></label></th>
						<td><input id="tagphoto-api-key" class="regular-text" type="password" name="api_key" value="" autocomplete="off" placeholder="<?php echo '' === TagPhoto_Settings::api_key() ? 'tpk_…' : esc_attr__( 'Saved — leave empty to keep', 'tagphoto' ); ?>"></td></tr>
					<tr><th scope="row"><label for="tagphoto-callback-secret"><?php esc_html_e( 'Callback secret', 'tagphoto' ); ?></label></th>
						<td><input id="tagphoto-callback-secret" class="regular-text" type="password" name="callback_secret" value="" autocomplete="off" placeholder="<?php echo '' === TagPhoto_Settings::callback_secret() ? 'whsec_…' : esc_attr__( 'Saved — leave empty to keep', 'tagphoto' ); ?>">
						<p class="description"><?php esc_html_e( 'Results are only accepted when signed with it.', 'tagphoto' ); ?></p></td></tr>
				</table>
				<?php submit_button( __( 'Save credentials', 'tagphoto' ), 'secondary' ); ?>
			</form>
		</div>
		<?php
	}

	/** @return array<string,string> The publishing modes with their translated labels. */
	private static function publish_labels() {
		return array(
			'auto'      => __( 'Write automatically', 'tagphoto' ),
			'confident' => __( 'Write only confident results; hold the others for review', 'tagphoto' ),
			'hold'      => __( 'Hold every result for review', 'tagphoto' ),
		);
	}

	/** @return array<string,string> The optional fields with their translated labels. */
	private static function optional_field_labels() {
		return array(
			'title'       => __( 'Title', 'tagphoto' ),
			'caption'     => __( 'Caption', 'tagphoto' ),
			'description' => __( 'Description', 'tagphoto' ),
		);
	}

	public static function save_secrets() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to change these credentials.', 'tagphoto' ), 403 );
		}
		check_admin_referer( 'tagphoto_save_secrets' );
		if ( isset( $_POST['hub_url'] ) ) {
			TagPhoto_Settings::update( array( 'hub_url' => TagPhoto_Settings::sanitize_hub_url( wp_unslash( $_POST['hub_url'] ) ) ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- sanitised by sanitize_hub_url().
		}
		// Secrets are opaque tokens: only surrounding whitespace is trimmed (sanitize_text_field() could alter them).
		TagPhoto_Settings::save_secret( TagPhoto_Settings::API_KEY, isset( $_POST['api_key'] ) ? TagPhoto_Settings::sanitize_token( wp_unslash( $_POST['api_key'] ) ) : '' ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- sanitize_token().
		TagPhoto_Settings::save_secret( TagPhoto_Settings::CALLBACK_SECRET, isset( $_POST['callback_secret'] ) ? TagPhoto_Settings::sanitize_token( wp_unslash( $_POST['callback_secret'] ) ) : '' ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- sanitize_token().
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::SETTINGS_PAGE . '&saved=1' ) );
		exit;
	}

	public static function backfill_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		?>
		<div class="wrap" id="tagphoto-backfill">
			<h1><?php esc_html_e( 'TagPhoto backfill', 'tagphoto' ); ?></h1>
			<p><?php esc_html_e( 'Tags every image already in the media library that the hub has not tagged yet, a few per minute (Settings → TagPhoto). It runs in the background and picks up where it stopped; keep this tab open to push it along on sites where WP-Cron rarely fires.', 'tagphoto' ); ?></p>
			<progress id="tagphoto-backfill-bar" max="1" value="0" style="width: 100%"></progress>
			<p id="tagphoto-backfill-status" role="status"><?php esc_html_e( 'Loading…', 'tagphoto' ); ?></p>
			<p>
				<button type="button" class="button button-primary" data-tagphoto-backfill="start"><?php esc_html_e( 'Start', 'tagphoto' ); ?></button>
				<button type="button" class="button" data-tagphoto-backfill="pause"><?php esc_html_e( 'Pause', 'tagphoto' ); ?></button>
				<button type="button" class="button" data-tagphoto-backfill="resume"><?php esc_html_e( 'Resume', 'tagphoto' ); ?></button>
			</p>
		</div>
		<?php
	}

	/** The status, the last error and a (re)generate button in the media item and the media modal. */
	public static function media_fields( $fields, $post ) {
		if ( ! TagPhoto_Tagger::is_image( $post->ID ) || ! current_user_can( 'edit_post', $post->ID ) ) {
			return $fields;
		}
		$status = TagPhoto_Attachment_Writer::status( $post->ID );
		$error  = (string) get_post_meta( $post->ID, TagPhoto_Attachment_Writer::META_ERROR, true );
		$html   = '<span class="tagphoto-status">' . esc_html( '' === $status ? __( 'not tagged yet', 'tagphoto' ) : $status ) . '</span>';
		if ( '' !== $error ) {
			$html .= '<p class="tagphoto-error" style="color:#b32d2e">' . esc_html( $error ) . '</p>';
		}
		// Retry keeps the overwrite policy; "Generate" is a person asking for new alt text on this image, so it may replace theirs.
		$retry = 'failed' === $status;
		$html .= '<p><button type="button" class="button tagphoto-generate" data-attachment="' . esc_attr( (string) $post->ID ) . '" data-force="' . ( $retry ? '0' : '1' ) . '">'
			. esc_html( $retry ? __( 'Retry', 'tagphoto' ) : __( 'Generate alt text', 'tagphoto' ) ) . '</button></p>';
		$fields['tagphoto'] = array(
			'label' => __( 'TagPhoto', 'tagphoto' ),
			'input' => 'html',
			'html'  => $html,
		);
		return $fields;
	}
}
