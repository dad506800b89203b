<?php
/**
 * Decides, field by field, whether the hub's text may replace what an attachment holds now.
 * Pure: no WordPress calls, so it is tested on its own.
 */

defined( 'ABSPATH' ) || exit;

final class TagPhoto_Field_Policy {
	/** What the hub writes into each WordPress field. */
	const SOURCES = array(
		'alt'         => 'altText',
		'title'       => 'title',
		'caption'     => 'description',
		'description' => 'description',
	);

	/** The fingerprint kept in post meta of text the hub wrote, so later runs can tell it from a person's. */
	public static function fingerprint( $text ) {
		return hash( 'sha256', trim( (string) $text ) );
	}

	/**
	 * True when the current text came from a person: not empty, not what the hub wrote last time,
	 * and (for titles) not the file name WordPress puts there on upload.
	 *
	 * @param string   $current          The field's text now.
	 * @param string|null $hub_fingerprint Fingerprint of what the hub wrote there last, if anything.
	 * @param string[] $automatic         Texts WordPress fills in by itself (the file name for titles).
	 */
	public static function is_person_text( $current, $hub_fingerprint, array $automatic = array() ) {
		$current = trim( (string) $current );
		if ( '' === $current ) {
			return false;
		}
		if ( is_string( $hub_fingerprint ) && hash_equals( $hub_fingerprint, self::fingerprint( $current ) ) ) {
			return false;
		}
		foreach ( $automatic as $auto ) {
			if ( self::loosely_equal( $current, (string) $auto ) ) {
				return false;
			}
		}
		return true;
	}

	/** @param string $overwrite 'keep_person' (default) or 'always'; $force is a person asking for this one image. */
	public static function may_write( $current, $hub_fingerprint, array $automatic, $overwrite, $force ) {
		if ( $force || 'always' === $overwrite ) {
			return true;
		}
		return ! self::is_person_text( $current, $hub_fingerprint, $automatic );
	}

	/** The file names WordPress turns into titles: "my-photo_2.jpg" becomes "my-photo_2" or "my photo 2". */
	public static function title_from_file_name( $file ) {
		$name = pathinfo( (string) $file, PATHINFO_FILENAME );
		$name = preg_replace( '/-(scaled|rotated|e\d+)$/', '', $name );
		return $name;
	}

	private static function loosely_equal( $a, $b ) {
		$normalise = static function ( $text ) {
			return strtolower( trim( preg_replace( '/[\s_\-]+/', ' ', $text ) ) );
		};
		return '' !== $normalise( $b ) && $normalise( $a ) === $normalise( $b );
	}
}
