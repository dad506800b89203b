/** The catalog page query the connector sent before it respected the cost cap (git history of shopify-admin.ts). */
export const OLD_PRODUCTS_QUERY = `query TagPhotoProducts($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    nodes {
      id
      title
      tags
      media(first: 50) {
        nodes {
          id
          mediaContentType
          status
          ... on MediaImage { alt image { url } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;
