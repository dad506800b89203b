<?php
/**
 * REST routes under tagphoto/v1: the hub's signed callback, (re)generate for one attachment, connection test, backfill.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Rest_Controller {
	const NAMESPACE_V1 = 'tagphoto/v1';

	public static function register() {
		add_action( 'rest_api_init', array( __CLASS__, 'routes' ) );
	}

	public static function routes() {
		register_rest_route(
			self::NAMESPACE_V1,
			'/callback',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'callback' ),
				// Anyone may call it: the Standard Webhooks signature is the authentication.
				'permission_callback' => '__return_true',
				'args'                => array(
					'attachment' => array(
						'type'     => 'integer',
						'required' => true,
						'minimum'  => 1,
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/attachments/(?P<id>\d+)',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'attachment' ),
				'permission_callback' => array( __CLASS__, 'can_edit_attachment' ),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/attachments/(?P<id>\d+)/generate',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'generate' ),
				'permission_callback' => array( __CLASS__, 'can_edit_attachment' ),
				'args'                => array(
					'force' => array(
						'type'    => 'boolean',
						'default' => false,
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/attachments/(?P<id>\d+)/review',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'review' ),
				'permission_callback' => array( __CLASS__, 'can_edit_attachment' ),
				'args'                => array(
					'decision' => array(
						'type'     => 'string',
						'enum'     => array( 'approve', 'edit', 'reject' ),
						'required' => true,
					),
					'altText'  => array(
						'type'              => 'string',
						'default'           => '',
						'maxLength'         => 1000,
						'sanitize_callback' => 'sanitize_text_field',
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/test-connection',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'test_connection' ),
				'permission_callback' => array( __CLASS__, 'can_manage' ),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/backfill',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( __CLASS__, 'backfill_progress' ),
					'permission_callback' => array( __CLASS__, 'can_manage' ),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( __CLASS__, 'backfill_control' ),
					'permission_callback' => array( __CLASS__, 'can_manage' ),
					'args'                => array(
						'action' => array(
							'type'     => 'string',
							'enum'     => array( 'start', 'pause', 'resume' ),
							'required' => true,
						),
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/backfill/step',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'backfill_step' ),
				'permission_callback' => array( __CLASS__, 'can_manage' ),
			)
		);
		register_rest_field(
			'attachment',
			'tagphoto',
			array(
				'get_callback' => array( __CLASS__, 'rest_field' ),
				'schema'       => array(
					'description' => 'TagPhoto status of this image.',
					'type'        => 'object',
					'context'     => array( 'edit' ),
					'readonly'    => true,
				),
			)
		);
	}

	public static function can_manage() {
		return current_user_can( 'manage_options' );
	}

	public static function can_edit_attachment( WP_REST_Request $request ) {
		$id = (int) $request['id'];
		return 'attachment' === get_post_type( $id ) && current_user_can( 'edit_post', $id );
	}

	/** The hub's signed callback. Its error messages are read in the hub's delivery log, not by a site's visitors: not translated. */
	public static function callback( WP_REST_Request $request ) {
		// The hub posts JSON only: any other body is not the hub's, whatever signature it carries.
		$content_type = $request->get_content_type();
		if ( ! is_array( $content_type ) || 'application/json' !== $content_type['value'] ) {
			return new WP_Error( 'tagphoto_unsupported_media_type', 'Callback refused: the hub sends application/json only.', array( 'status' => 415 ) );
		}
		$verifier = new TagPhoto_Webhook_Verifier( TagPhoto_Settings::callback_secret() );
		$verdict  = $verifier->verify(
			(string) $request->get_header( 'webhook-id' ),
			(string) $request->get_header( 'webhook-timestamp' ),
			(string) $request->get_header( 'webhook-signature' ),
			$request->get_body(),
			time()
		);
		if ( true !== $verdict ) {
			return new WP_Error( 'tagphoto_bad_signature', 'Callback refused: ' . $verdict . '.', array( 'status' => 401 ) );
		}
		$attachment_id = (int) $request['attachment'];
		$payload       = json_decode( $request->get_body(), true );
		if ( TagPhoto_Edit_Message::is_edit( $payload ) ) {
			return self::edited( $attachment_id, $payload );
		}
		$image         = is_array( $payload ) && isset( $payload['data']['image'] ) && is_array( $payload['data']['image'] ) ? $payload['data']['image'] : null;
		if ( null === $image ) {
			return new WP_Error( 'tagphoto_bad_payload', 'The callback carries no data.image.', array( 'status' => 400 ) );
		}
		if ( 'attachment' !== get_post_type( $attachment_id ) ) {
			return new WP_Error( 'tagphoto_unknown_attachment', 'No such attachment.', array( 'status' => 404 ) );
		}
		$at = isset( $payload['timestamp'] ) ? $payload['timestamp'] : null;
		if ( TagPhoto_Attachment_Writer::is_stale( $attachment_id, $at ) ) {
			// Sent again after something newer (a person's edit) was applied: acknowledged, not applied over it.
			return new WP_REST_Response( array( 'applied' => false ), 200 );
		}
		if ( TagPhoto_Tagger::accept_callback( $attachment_id, $image ) ) {
			TagPhoto_Attachment_Writer::applied_event( $attachment_id, $at );
			return new WP_REST_Response( array( 'applied' => true ), 200 );
		}
		if ( 'sending' === TagPhoto_Attachment_Writer::status( $attachment_id ) ) {
			// The hub's 202 has not been recorded yet: ask the hub to deliver again shortly.
			return new WP_Error( 'tagphoto_not_ready', 'This image is still being sent; deliver again later.', array( 'status' => 409 ) );
		}
		// A result for an earlier request of this attachment: acknowledged so the hub stops retrying, not applied.
		return new WP_REST_Response( array( 'applied' => false ), 200 );
	}

	/**
	 * A person edited or approved this image in the hub: its tags, and the alt text when a person wrote or approved it,
	 * written under the site's own rules (alt text a person typed here stays theirs unless the site chose "always").
	 * Any 4xx tells the hub never to send it again.
	 */
	private static function edited( $attachment_id, $payload ) {
		$edit = TagPhoto_Edit_Message::parse( $payload );
		if ( ! is_array( $edit ) ) {
			return new WP_Error( 'tagphoto_bad_payload', 'Edit refused: ' . $edit . '.', array( 'status' => 400 ) );
		}
		if ( 'attachment' !== get_post_type( $attachment_id ) ) {
			return new WP_Error( 'tagphoto_unknown_attachment', 'No such attachment.', array( 'status' => 404 ) );
		}
		$current = strtolower( (string) get_post_meta( $attachment_id, TagPhoto_Attachment_Writer::META_HUB_ID, true ) );
		if ( $current !== $edit['imageId'] ) {
			return new WP_Error( 'tagphoto_other_image', 'Edit refused: this attachment was sent to the hub as another image since; edit that one.', array( 'status' => 409 ) );
		}
		$at = isset( $payload['timestamp'] ) ? $payload['timestamp'] : null;
		if ( TagPhoto_Attachment_Writer::is_stale( $attachment_id, $at ) ) {
			return new WP_REST_Response( array( 'applied' => false ), 200 );
		}
		$written = TagPhoto_Attachment_Writer::apply_edit( $attachment_id, $edit['altText'], $edit['altTextByPerson'], $edit['tags'] );
		TagPhoto_Attachment_Writer::applied_event( $attachment_id, $at );
		if ( isset( $written['alt'] ) ) {
			$alt = 'written';
		} else {
			$alt = $edit['altTextByPerson'] ? 'kept: a person wrote the alt text in WordPress' : 'not written: only the tags were edited';
		}
		return new WP_REST_Response(
			array(
				'applied' => true,
				'altText' => $alt,
			),
			200
		);
	}

	public static function rest_field( $attachment ) {
		$id      = (int) $attachment['id'];
		$written = get_post_meta( $id, TagPhoto_Attachment_Writer::META_WRITTEN, true );
		return array(
			'status'     => TagPhoto_Attachment_Writer::status( $id ),
			'error'      => (string) get_post_meta( $id, TagPhoto_Attachment_Writer::META_ERROR, true ),
			'hubImageId' => (string) get_post_meta( $id, TagPhoto_Attachment_Writer::META_HUB_ID, true ),
			'written'    => is_array( $written ) ? array_keys( $written ) : array(),
			'updatedAt'  => (string) get_post_meta( $id, TagPhoto_Attachment_Writer::META_UPDATED, true ),
			'suggestion' => self::suggestion( $id ),
		);
	}

	/** What waits for review: the suggested alt text and why the hub was unsure; null when nothing is held. */
	private static function suggestion( $id ) {
		$held = TagPhoto_Attachment_Writer::held( $id );
		if ( null === $held ) {
			return null;
		}
		return array(
			'altText' => isset( $held['altText'] ) ? sanitize_text_field( (string) $held['altText'] ) : '',
			'reasons' => isset( $held['review']['reasons'] ) && is_array( $held['review']['reasons'] ) ? array_map( 'sanitize_text_field', $held['review']['reasons'] ) : array(),
		);
	}

	public static function attachment( WP_REST_Request $request ) {
		$id = (int) $request['id'];
		return array_merge(
			array(
				'id'      => $id,
				'altText' => (string) get_post_meta( $id, '_wp_attachment_image_alt', true ),
				'tags'    => wp_get_object_terms( $id, TagPhoto_Attachment_Writer::TAXONOMY, array( 'fields' => 'names' ) ),
			),
			self::rest_field( array( 'id' => $id ) )
		);
	}

	/** A person asked: send now (the tagging itself still arrives through the callback). */
	public static function generate( WP_REST_Request $request ) {
		$id = (int) $request['id'];
		if ( ! TagPhoto_Tagger::is_image( $id ) ) {
			return new WP_Error( 'tagphoto_not_an_image', __( 'Only images can be tagged.', 'tagphoto' ), array( 'status' => 400 ) );
		}
		if ( $request['force'] ) {
			update_post_meta( $id, TagPhoto_Attachment_Writer::META_FORCE, 1 );
		}
		delete_post_meta( $id, TagPhoto_Tagger::META_ATTEMPTS );
		TagPhoto_Tagger::send( $id );
		return self::attachment( $request );
	}

	/** A person's decision on a suggestion held for review (approve / edit / reject). */
	public static function review( WP_REST_Request $request ) {
		$id = (int) $request['id'];
		if ( 'edit' === $request['decision'] && '' === trim( (string) $request['altText'] ) ) {
			return new WP_Error( 'tagphoto_empty_alt', __( 'An edited alt text cannot be empty; reject the suggestion instead.', 'tagphoto' ), array( 'status' => 400 ) );
		}
		if ( ! TagPhoto_Attachment_Writer::decide( $id, $request['decision'], (string) $request['altText'] ) ) {
			return new WP_Error( 'tagphoto_nothing_to_review', __( 'No suggestion is waiting for review on this image.', 'tagphoto' ), array( 'status' => 409 ) );
		}
		return self::attachment( $request );
	}

	public static function test_connection() {
		try {
			TagPhoto_Hub_Client::from_settings()->check();
		} catch ( TagPhoto_Hub_Error $error ) {
			return new WP_REST_Response( array( 'ok' => false, 'message' => $error->getMessage() ), 200 );
		}
		return array(
			'ok'      => true,
			'message' => __( 'Connected: the hub accepted the API key.', 'tagphoto' ),
		);
	}

	public static function backfill_progress() {
		return TagPhoto_Backfill::progress();
	}

	public static function backfill_control( WP_REST_Request $request ) {
		switch ( $request['action'] ) {
			case 'start':
				return TagPhoto_Backfill::start();
			case 'pause':
				return TagPhoto_Backfill::pause();
			default:
				return TagPhoto_Backfill::resume();
		}
	}

	/** One batch now, for the admin screen's "run in this tab" mode and for sites whose WP-Cron rarely fires. */
	public static function backfill_step() {
		$outcome = TagPhoto_Backfill::run_batch( time() );
		return array_merge( TagPhoto_Backfill::progress(), array( 'sent' => $outcome['sent'], 'wait' => $outcome['wait'] ) );
	}
}
