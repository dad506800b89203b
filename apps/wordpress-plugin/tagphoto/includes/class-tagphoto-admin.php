<?php
/**
 * Admin screens: Settings → TagPhoto, Media → TagPhoto backfill, the status box on each media item,
 * and the scripts for the media modal and the block editor.
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
		add_options_page( 'TagPhoto', 'TagPhoto', 'manage_options', self::SETTINGS_PAGE, array( __CLASS__, 'settings_page' ) );
		add_media_page( 'TagPhoto backfill', 'TagPhoto backfill', 'manage_options', self::BACKFILL_PAGE, array( __CLASS__, 'backfill_page' ) );
	}

	public static function settings() {
		register_setting(
			'tagphoto',
			TagPhoto_Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'TagPhoto_Settings', 'sanitize' ),
			)
		);
	}

	private static function script( $handle, $file, array $deps ) {
		wp_enqueue_script( $handle, plugins_url( 'build/' . $file, TAGPHOTO_FILE ), $deps, TAGPHOTO_VERSION, true );
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
		$s = TagPhoto_Settings::all();
		?>
		<div class="wrap">
			<h1>TagPhoto</h1>
			<form method="post" action="options.php">
				<?php settings_fields( 'tagphoto' ); ?>
				<table class="form-table" role="presentation">
					<tr><th scope="row"><label for="tagphoto-hub-url">Hub URL</label></th>
						<td><input id="tagphoto-hub-url" class="regular-text" type="url" name="tagphoto_settings[hub_url]" value="<?php echo esc_attr( $s['hub_url'] ); ?>" placeholder="https://tagphoto.example.org"></td></tr>
					<tr><th scope="row"><label for="tagphoto-language">Language</label></th>
						<td><select id="tagphoto-language" name="tagphoto_settings[language]">
						<?php foreach ( TagPhoto_Settings::LANGUAGES as $language ) : ?>
							<option value="<?php echo esc_attr( $language ); ?>" <?php selected( $s['language'], $language ); ?>><?php echo esc_html( $language ); ?></option>
						<?php endforeach; ?>
						</select></td></tr>
					<tr><th scope="row">Fields to fill</th>
						<td><label><input type="checkbox" checked disabled> Alt text (always)</label><br>
						<?php foreach ( TagPhoto_Settings::OPTIONAL_FIELDS as $field ) : ?>
							<label><input type="checkbox" name="tagphoto_settings[fields][]" value="<?php echo esc_attr( $field ); ?>" <?php checked( in_array( $field, $s['fields'], true ) ); ?>> <?php echo esc_html( ucfirst( $field ) ); ?></label><br>
						<?php endforeach; ?></td></tr>
					<tr><th scope="row">Text a person wrote</th>
						<td><label><input type="radio" name="tagphoto_settings[overwrite]" value="keep_person" <?php checked( $s['overwrite'], 'keep_person' ); ?>> Never overwrite it (only empty fields and the hub's own earlier text)</label><br>
						<label><input type="radio" name="tagphoto_settings[overwrite]" value="always" <?php checked( $s['overwrite'], 'always' ); ?>> Always replace it</label></td></tr>
					<tr><th scope="row">On upload</th>
						<td><input type="hidden" name="tagphoto_settings[auto_tag]" value="0"><label><input type="checkbox" name="tagphoto_settings[auto_tag]" value="1" <?php checked( $s['auto_tag'] ); ?>> Tag new images automatically</label></td></tr>
					<tr><th scope="row"><label for="tagphoto-per-minute">Backfill rate</label></th>
						<td><input id="tagphoto-per-minute" type="number" min="1" max="600" name="tagphoto_settings[per_minute]" value="<?php echo esc_attr( (string) $s['per_minute'] ); ?>"> images per minute, in batches of
						<input type="number" min="1" max="50" name="tagphoto_settings[batch_size]" value="<?php echo esc_attr( (string) $s['batch_size'] ); ?>"></td></tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<h2>Credentials</h2>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="tagphoto_save_secrets">
				<?php wp_nonce_field( 'tagphoto_save_secrets' ); ?>
				<table class="form-table" role="presentation">
					<tr><th scope="row"><label for="tagphoto-api-key">API key</label></th>
						<td><input id="tagphoto-api-key" class="regular-text" type="password" name="api_key" value="" autocomplete="off" placeholder="<?php echo '' === TagPhoto_Settings::api_key() ? 'tpk_…' : esc_attr__( 'Saved — leave empty to keep', 'tagphoto' ); ?>">
						<p class="description">Create one in the hub under API keys.</p></td></tr>
					<tr><th scope="row"><label for="tagphoto-callback-secret">Callback secret</label></th>
						<td><input id="tagphoto-callback-secret" class="regular-text" type="password" name="callback_secret" value="" autocomplete="off" placeholder="<?php echo '' === TagPhoto_Settings::callback_secret() ? 'whsec_…' : esc_attr__( 'Saved — leave empty to keep', 'tagphoto' ); ?>">
						<p class="description">The hub's callback signing secret (Webhooks → Callback secret). Results are only accepted when signed with it.</p></td></tr>
				</table>
				<?php submit_button( 'Save credentials', 'secondary' ); ?>
			</form>
			<p><button type="button" class="button" id="tagphoto-test-connection">Test connection</button> <span id="tagphoto-test-result" role="status"></span></p>
		</div>
		<?php
	}

	public static function save_secrets() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( 'Not allowed.', 403 );
		}
		check_admin_referer( 'tagphoto_save_secrets' );
		TagPhoto_Settings::save_secret( TagPhoto_Settings::API_KEY, wp_unslash( isset( $_POST['api_key'] ) ? $_POST['api_key'] : '' ) );
		TagPhoto_Settings::save_secret( TagPhoto_Settings::CALLBACK_SECRET, wp_unslash( isset( $_POST['callback_secret'] ) ? $_POST['callback_secret'] : '' ) );
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::SETTINGS_PAGE . '&saved=1' ) );
		exit;
	}

	public static function backfill_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		?>
		<div class="wrap" id="tagphoto-backfill">
			<h1>TagPhoto backfill</h1>
			<p>Tags every image already in the media library that the hub has not tagged yet, a few per minute (Settings → TagPhoto). It runs on WP-Cron and picks up where it stopped; keep this tab open to push it along on sites where WP-Cron rarely fires.</p>
			<progress id="tagphoto-backfill-bar" max="1" value="0" style="width: 100%"></progress>
			<p id="tagphoto-backfill-status" role="status">Loading…</p>
			<p>
				<button type="button" class="button button-primary" data-tagphoto-backfill="start">Start</button>
				<button type="button" class="button" data-tagphoto-backfill="pause">Pause</button>
				<button type="button" class="button" data-tagphoto-backfill="resume">Resume</button>
			</p>
		</div>
		<?php
	}

	/** The status, the last error and a (re)generate button in the media item and the media modal. */
	public static function media_fields( $fields, $post ) {
		if ( ! TagPhoto_Tagger::is_image( $post->ID ) ) {
			return $fields;
		}
		$status = TagPhoto_Attachment_Writer::status( $post->ID );
		$error  = (string) get_post_meta( $post->ID, TagPhoto_Attachment_Writer::META_ERROR, true );
		$html   = '<span class="tagphoto-status">' . esc_html( '' === $status ? 'not tagged yet' : $status ) . '</span>';
		if ( '' !== $error ) {
			$html .= '<p class="tagphoto-error" style="color:#b32d2e">' . esc_html( $error ) . '</p>';
		}
		// Retry keeps the overwrite policy; "Generate" is a person asking for new alt text on this image, so it may replace theirs.
		$retry = 'failed' === $status;
		$html .= '<p><button type="button" class="button tagphoto-generate" data-attachment="' . esc_attr( (string) $post->ID ) . '" data-force="' . ( $retry ? '0' : '1' ) . '">'
			. esc_html( $retry ? 'Retry' : 'Generate alt text' ) . '</button></p>';
		$fields['tagphoto'] = array(
			'label' => 'TagPhoto',
			'input' => 'html',
			'html'  => $html,
		);
		return $fields;
	}
}
