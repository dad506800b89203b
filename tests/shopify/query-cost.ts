import {
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Shopify's calculated query cost, as its rate-limit documentation states it: a scalar or enum costs 0, an
 * object 1, a connection 2 plus its `first` (or `last`) times the cost of one of its nodes (so nested
 * connections multiply), an interface or union the most expensive of its possible selections, and every
 * mutation field 10; a field taking a list of `ids` costs one object per id. The requested cost is worked out before running, from the query alone; the actual cost
 * after, from what was returned. A single query may not request more than 1,000 points.
 */
export const SINGLE_QUERY_MAX_COST = 1000;
export const MUTATION_COST = 10;
/** Connection bookkeeping that the connection's own 2 points pay for. */
const CONNECTION_FREE = new Set(['pageInfo', 'cursor']);

interface Context {
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
}

export function operationOf(document: DocumentNode, name?: string): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = name ? operations.find((candidate) => candidate.name?.value === name) : operations[0];
  if (!operation || (!name && operations.length > 1))
    throw new Error('The document must hold exactly one operation (or name it).');
  return operation;
}

function contextOf(document: DocumentNode, variables: Record<string, unknown>): Context {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return { variables, fragments };
}

export function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]));
  }
}

export function argumentsOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    (field.arguments ?? []).map((argument) => [argument.name.value, valueOf(argument.value, variables)]),
  );
}

/** The page size a connection field asks for, or undefined when the field is not a connection. */
function pageSizeOf(field: FieldNode, context: Context): number | undefined {
  const args = argumentsOf(field, context.variables);
  const size = args.first ?? args.last;
  return typeof size === 'number' ? size : undefined;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Fields are summed; fragments on different types are alternatives, so the dearest counts. */
function selectionCost(set: SelectionSetNode, context: Context, data: unknown, measured: boolean): number {
  let fields = 0;
  let fragments = 0;
  const record = asRecord(data);
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      fields += fieldCost(selection, context, record?.[key], measured);
    } else {
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : context.fragments.get(selection.name.value)?.selectionSet;
      if (inner) fragments = Math.max(fragments, selectionCost(inner, context, data, measured));
    }
  }
  return fields + fragments;
}

function fieldCost(field: FieldNode, context: Context, data: unknown, measured: boolean): number {
  if (!field.selectionSet || CONNECTION_FREE.has(field.name.value)) return 0;
  if (measured && data === null) return 1;
  const ids = argumentsOf(field, context.variables).ids;
  if (Array.isArray(ids) && !measured)
    return ids.length * (1 + selectionCost(field.selectionSet, context, undefined, measured));
  const size = pageSizeOf(field, context);
  if (size === undefined) {
    if (Array.isArray(data))
      return data.reduce<number>(
        (sum, item) => sum + 1 + selectionCost(field.selectionSet!, context, item, measured),
        0,
      );
    return 1 + selectionCost(field.selectionSet, context, data, measured);
  }
  return 2 + connectionNodesCost(field.selectionSet, context, size, asRecord(data), measured);
}

/** A connection's nodes, reached through `nodes { … }` or `edges { node { … } }`. */
function connectionNodesCost(
  set: SelectionSetNode,
  context: Context,
  size: number,
  data: Record<string, unknown> | undefined,
  measured: boolean,
): number {
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    const key = selection.alias?.value ?? selection.name.value;
    let nodeSet: SelectionSetNode | undefined;
    let items: unknown[] | undefined;
    if (selection.name.value === 'nodes') {
      nodeSet = selection.selectionSet;
      items = Array.isArray(data?.[key]) ? (data[key] as unknown[]) : undefined;
    } else if (selection.name.value === 'edges') {
      const nodeField = selection.selectionSet.selections.find(
        (inner): inner is FieldNode => inner.kind === Kind.FIELD && inner.name.value === 'node',
      );
      nodeSet = nodeField?.selectionSet;
      const edges = Array.isArray(data?.[key]) ? (data[key] as unknown[]) : undefined;
      items = edges?.map((edge) => asRecord(edge)?.[nodeField?.alias?.value ?? 'node']);
    }
    if (!nodeSet) continue;
    if (measured)
      total += (items ?? []).reduce<number>(
        (sum, item) => sum + 1 + selectionCost(nodeSet, context, item, measured),
        0,
      );
    else total += size * (1 + selectionCost(nodeSet, context, undefined, measured));
  }
  return total;
}

/** The cost Shopify charges before running the operation (what the 1,000-point cap and the bucket check). */
export function requestedCost(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  const operation = operationOf(document, operationName);
  if (operation.operation === OperationTypeNode.MUTATION)
    return MUTATION_COST * operation.selectionSet.selections.length;
  return selectionCost(operation.selectionSet, contextOf(document, variables), undefined, false);
}

/** The cost of what was returned (never more than requested): Shopify refunds the difference to the bucket. */
export function actualCost(
  document: DocumentNode,
  variables: Record<string, unknown>,
  data: unknown,
  operationName?: string,
): number {
  const operation = operationOf(document, operationName);
  if (operation.operation === OperationTypeNode.MUTATION)
    return MUTATION_COST * operation.selectionSet.selections.length;
  const measured = selectionCost(operation.selectionSet, contextOf(document, variables), data, true);
  return Math.min(measured, requestedCost(document, variables, operationName));
}
