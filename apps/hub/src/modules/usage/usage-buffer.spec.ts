import { featureCounts, type FeatureUse } from './usage-buffer';

describe('featureCounts', () => {
  const monday = new Date('2026-12-07T00:00:00Z');
  const tuesday = new Date('2026-12-08T00:00:00Z');
  const use = (ownerId: string, feature: string, day = monday): FeatureUse => ({ ownerId, feature, day });

  it('adds up uses per feature and day, naming no one', () => {
    const counts = featureCounts(
      [use('a', 'Images.list'), use('b', 'Images.list'), use('a', 'Images.get'), use('a', 'Images.list', tuesday)],
      new Set(),
    );
    expect(counts).toEqual([
      { feature: 'Images.list', day: monday, count: 2 },
      { feature: 'Images.get', day: monday, count: 1 },
      { feature: 'Images.list', day: tuesday, count: 1 },
    ]);
  });

  it('leaves out every use of an owner who opted out', () => {
    expect(
      featureCounts([use('a', 'Images.list'), use('out', 'Images.list'), use('out', 'Images.get')], new Set(['out'])),
    ).toEqual([{ feature: 'Images.list', day: monday, count: 1 }]);
  });
});
