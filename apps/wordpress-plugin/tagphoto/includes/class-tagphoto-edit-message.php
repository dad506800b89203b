<?php
/**
 * Reads the hub's `image.edited` message: a person edited or approved this image's result in the hub, and the hub
 * sends the alt text and tags as they now stand. Pure: no WordPress calls, so it is tested on its own.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Edit_Message {
	const TYPE         = 'image.edited';
	const MAX_ALT      = 1000;
	const MAX_TAGS     = 100;
	const MAX_TAG_TEXT = 200;

	/** True when the decoded body is an edit (not the result of a tagging request). */
	public static function is_edit( $payload ) {
		return is_array( $payload ) && isset( $payload['type'] ) && self::TYPE === $payload['type'];
	}

	/**
	 * The edit's hub image id, alt text (and whether a person wrote or approved it, or it is the engine's going out
	 * again beside edited tags) and tag labels, or why the message cannot be applied (for a 400 the hub logs).
	 *
	 * @param mixed $payload The decoded JSON body.
	 * @return array{imageId:string,altText:string,altTextByPerson:bool,tags:string[]}|string
	 */
	public static function parse( $payload ) {
		$data = is_array( $payload ) && isset( $payload['data'] ) && is_array( $payload['data'] ) ? $payload['data'] : null;
		if ( null === $data ) {
			return 'the edit carries no data object';
		}
		if ( ! isset( $data['imageId'] ) || ! is_string( $data['imageId'] ) || ! preg_match( '/^[0-9a-f-]{36}$/i', $data['imageId'] ) ) {
			return 'data.imageId must be the hub image id (a UUID)';
		}
		if ( ! isset( $data['altText'] ) || ! is_string( $data['altText'] ) || '' === trim( $data['altText'] ) ) {
			return 'data.altText must be a non-empty string';
		}
		if ( strlen( $data['altText'] ) > self::MAX_ALT ) {
			return 'data.altText is longer than ' . self::MAX_ALT . ' bytes';
		}
		if ( ! isset( $data['altTextByPerson'] ) || ! is_bool( $data['altTextByPerson'] ) ) {
			return 'data.altTextByPerson must be true or false';
		}
		$tags = isset( $data['tags'] ) ? $data['tags'] : array();
		if ( ! is_array( $tags ) || count( $tags ) > self::MAX_TAGS ) {
			return 'data.tags must be a list of at most ' . self::MAX_TAGS . ' tags';
		}
		$labels = array();
		foreach ( $tags as $tag ) {
			if ( ! is_array( $tag ) || ! isset( $tag['label'] ) || ! is_string( $tag['label'] ) || strlen( $tag['label'] ) > self::MAX_TAG_TEXT ) {
				return 'each of data.tags must be an object with a label of at most ' . self::MAX_TAG_TEXT . ' bytes';
			}
			$labels[] = $tag['label'];
		}
		return array(
			'imageId'         => strtolower( $data['imageId'] ),
			'altText'         => trim( $data['altText'] ),
			'altTextByPerson' => $data['altTextByPerson'],
			'tags'            => $labels,
		);
	}
}
