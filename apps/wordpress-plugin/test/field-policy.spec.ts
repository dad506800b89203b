import { runPhp } from './php';

const FILE = ['class-tagphoto-field-policy.php'];

function mayWrite(
  current: string,
  hubWrote: string | null,
  automatic: string[],
  overwrite: string,
  force = false,
): boolean {
  return runPhp(
    FILE,
    `$known = $input['hubWrote'] === null ? null : TagPhoto_Field_Policy::fingerprint($input['hubWrote']);
echo json_encode(TagPhoto_Field_Policy::may_write($input['current'], $known, $input['automatic'], $input['overwrite'], $input['force']));`,
    { current, hubWrote, automatic, overwrite, force },
  ) as boolean;
}

describe('which text the hub may replace', () => {
  it('fills an empty field', () => {
    expect(mayWrite('', null, [], 'keep_person')).toBe(true);
  });

  it('never overwrites alt text a person wrote', () => {
    expect(mayWrite('My grandmother’s kitchen', null, [], 'keep_person')).toBe(false);
  });

  it('replaces its own earlier text on a later run', () => {
    expect(mayWrite('A cup of coffee on a saucer', 'A cup of coffee on a saucer', [], 'keep_person')).toBe(true);
  });

  it('treats its earlier text that a person then edited as the person’s', () => {
    expect(mayWrite('A cup of espresso, my favourite', 'A cup of coffee on a saucer', [], 'keep_person')).toBe(false);
  });

  it('replaces the file-name title WordPress set on upload', () => {
    expect(mayWrite('IMG_2041', null, ['IMG_2041'], 'keep_person')).toBe(true);
    expect(mayWrite('holiday photo 3', null, ['holiday-photo_3'], 'keep_person')).toBe(true);
  });

  it('overwrites a person’s text when the site chose "always", or when a person asks for this image', () => {
    expect(mayWrite('Mine', null, [], 'always')).toBe(true);
    expect(mayWrite('Mine', null, [], 'keep_person', true)).toBe(true);
  });

  it('derives the automatic title from the file, ignoring WordPress’s -scaled suffix', () => {
    const title = runPhp(
      FILE,
      `echo json_encode(TagPhoto_Field_Policy::title_from_file_name($input));`,
      '/uploads/2026/11/beach-day-scaled.jpg',
    );
    expect(title).toBe('beach-day');
  });
});
