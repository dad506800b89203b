import { FolderAncestry } from './folder-ancestry';

/** My Drive: root ← photos ← 2026 ← summer, and root ← other. */
const TREE: Record<string, string[]> = {
  photos: ['root-id'],
  '2026': ['photos'],
  summer: ['2026'],
  other: ['root-id'],
  'root-id': [],
};

function drive(tree = TREE): { parentsOf: (id: string) => Promise<string[]>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    parentsOf: async (id) => {
      asked.push(id);
      return tree[id] ?? [];
    },
  };
}

describe('FolderAncestry', () => {
  it('counts a file whose parent chain reaches a watched folder, at any depth', async () => {
    const { parentsOf } = drive();
    const ancestry = new FolderAncestry(['photos'], parentsOf);
    expect(await ancestry.contains(['summer'])).toBe(true);
    expect(await ancestry.contains(['2026'])).toBe(true);
    expect(await ancestry.contains(['photos'])).toBe(true);
  });

  it('does not count a file in a folder beside or above the watched one', async () => {
    const { parentsOf } = drive();
    const ancestry = new FolderAncestry(['photos'], parentsOf);
    expect(await ancestry.contains(['other'])).toBe(false);
    expect(await ancestry.contains(['root-id'])).toBe(false);
  });

  it('asks Drive about each folder at most once per run, and not at all for a watched parent', async () => {
    const { parentsOf, asked } = drive();
    const ancestry = new FolderAncestry(['photos'], parentsOf);
    await ancestry.contains(['photos']);
    expect(asked).toEqual([]);
    await ancestry.contains(['summer']);
    await ancestry.contains(['summer']);
    await ancestry.contains(['2026']);
    await ancestry.contains(['other']);
    await ancestry.contains(['other']);
    expect(asked).toEqual(['summer', '2026', 'other', 'root-id']);
  });

  it('stops at its limits, counts the unfinished walk as not watched and does not remember it', async () => {
    const { parentsOf, asked } = drive();
    const shallow = new FolderAncestry(['photos'], parentsOf, { lookups: 100, depth: 1 });
    expect(await shallow.contains(['summer'])).toBe(false);
    expect(shallow.exhausted).toBe(true);
    expect(await shallow.contains(['2026'])).toBe(true);

    asked.length = 0;
    const few = new FolderAncestry(['photos'], parentsOf, { lookups: 1, depth: 32 });
    expect(await few.contains(['summer'])).toBe(false);
    expect(await few.contains(['summer'])).toBe(false);
    expect(asked).toEqual(['summer']);
  });
});
