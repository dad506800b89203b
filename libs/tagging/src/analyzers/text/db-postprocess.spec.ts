import { convexHull, minAreaRectangle, textRegionsFromProbabilityMap } from './db-postprocess';

function mapWith(
  width: number,
  height: number,
  blocks: Array<{ x: number; y: number; w: number; h: number; p: number }>,
) {
  const data = new Float32Array(width * height);
  for (const block of blocks) {
    for (let y = block.y; y < block.y + block.h; y++)
      for (let x = block.x; x < block.x + block.w; x++) data[y * width + x] = block.p;
  }
  return { data, width, height };
}

describe('textRegionsFromProbabilityMap', () => {
  it('turns each confident text kernel into a box grown around it', () => {
    const map = mapWith(100, 60, [
      { x: 10, y: 10, w: 60, h: 6, p: 0.9 },
      { x: 10, y: 40, w: 40, h: 6, p: 0.9 },
    ]);
    const regions = textRegionsFromProbabilityMap(map, 100, 60);
    expect(regions).toHaveLength(2);
    const [first] = regions;
    const [topLeft, topRight, bottomRight, bottomLeft] = first.quad;
    // Kernel centres span 59×5 px; unclip 2.0 grows each side by 59·5·2/128 ≈ 4.6 px.
    expect(topRight.x - topLeft.x).toBeCloseTo(59 + 2 * 4.61, 1);
    expect(bottomLeft.y - topLeft.y).toBeCloseTo(5 + 2 * 4.61, 1);
    expect(bottomRight.x).toBeCloseTo(topRight.x);
    expect(first.score).toBeCloseTo(0.9);
  });

  it('ignores regions that are too thin or not confident enough', () => {
    const map = mapWith(100, 60, [
      { x: 10, y: 10, w: 60, h: 2, p: 0.9 },
      { x: 10, y: 40, w: 40, h: 8, p: 0.5 },
    ]);
    expect(textRegionsFromProbabilityMap(map, 100, 60)).toEqual([]);
  });

  it('scales boxes to the size of the image the map was computed for', () => {
    const map = mapWith(50, 30, [{ x: 5, y: 5, w: 30, h: 5, p: 0.95 }]);
    const [small] = textRegionsFromProbabilityMap(map, 50, 30);
    const [large] = textRegionsFromProbabilityMap(map, 100, 60);
    expect(large.quad[1].x - large.quad[0].x).toBeCloseTo(2 * (small.quad[1].x - small.quad[0].x));
  });
});

describe('minAreaRectangle', () => {
  it('fits a tilted rectangle along its own sides', () => {
    const corners = [
      { x: 0, y: 0 },
      { x: 40, y: 30 },
      { x: 34, y: 38 },
      { x: -6, y: 8 },
    ];
    const rect = minAreaRectangle(convexHull(corners));
    expect(rect.halfWidth * 2 * rect.halfHeight * 2).toBeCloseTo(50 * 10);
  });
});
