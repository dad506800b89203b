import { parse } from 'graphql';
import { OLD_PRODUCTS_QUERY } from './old-queries';
import { actualCost, requestedCost, SINGLE_QUERY_MAX_COST } from './query-cost';

const cost = (query: string, variables: Record<string, unknown> = {}): number => requestedCost(parse(query), variables);

describe("the fake shop's calculated query cost (Shopify's published rules)", () => {
  it('charges nothing for scalars and one point per object', () => {
    expect(cost('{ shop { id name timezoneOffsetMinutes } }')).toBe(1);
    expect(cost('query($id: ID!) { product(id: $id) { id title featuredImage { url } } }', { id: 'x' })).toBe(2);
  });

  it('charges a connection 2 plus first times one node, so nested connections multiply', () => {
    expect(cost('{ products(first: 10) { nodes { id title } } }')).toBe(2 + 10 * 1);
    expect(
      cost(
        '{ products(first: 10) { edges { cursor node { id variants(first: 5) { nodes { price } } } } pageInfo { hasNextPage } } }',
      ),
    ).toBe(2 + 10 * (1 + 2 + 5 * 1));
    expect(cost('query($n: Int!) { productTags(first: $n) { nodes } }', { n: 250 })).toBe(2);
  });

  it('takes the dearest fragment of an interface, and ten points per mutation', () => {
    expect(
      cost(
        '{ node(id: "x") { id ... on Product { featuredImage { url } } ... on MediaImage { image { url } preview { image { url } } } } }',
      ),
    ).toBe(1 + 3);
    expect(cost('mutation { tagsAdd(id: "x", tags: ["a"]) { node { id } userErrors { message } } }')).toBe(10);
  });

  it('puts the old catalog page query at ~5,000 points, over the single-query cap', () => {
    const old = cost(OLD_PRODUCTS_QUERY, { first: 50, after: null });
    expect(old).toBe(2 + 50 * (1 + 2 + 50 * 2));
    expect(old).toBeGreaterThan(SINGLE_QUERY_MAX_COST);
  });

  it('charges what was returned as the actual cost, never more than requested', () => {
    const document = parse('{ products(first: 10) { nodes { id media(first: 5) { nodes { id } } } } }');
    const data = {
      products: {
        nodes: [
          { id: '1', media: { nodes: [{ id: 'm' }] } },
          { id: '2', media: { nodes: [] } },
        ],
      },
    };
    expect(requestedCost(document, {})).toBe(2 + 10 * (1 + 2 + 5));
    expect(actualCost(document, {}, data)).toBe(2 + (1 + 2 + 1) + (1 + 2));
  });
});
