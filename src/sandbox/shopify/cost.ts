// Calculated query cost, as Shopify's GraphQL Admin API charges it (extensions.cost).
//
// The published rules (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits) are: scalar and
// enum 0, object 1, interface/union the max of their members, a connection "2 + the objects
// requested", a mutation about 10. Live answers do not follow "2 + first" literally: in the
// recorded captures (../shared/specs/shopify/captures) locations(first:10){nodes{…}} costs 6,
// first:20 → 7, first:50 → 9, first:250 → 13, and a nested 250×250 connection costs 168. The
// sublinear size factor below (SIZE_FACTOR, interpolated between the recorded points) reproduces
// the requestedQueryCost of 98% of the 244 distinct recorded queries and 86% of the 579 recorded
// mutations (tests/shopify/cost-parity.test.ts), with two more recorded facts: MoneyBag/MoneyV2 values are
// free (an order with five *Set fields costs 1) and a `Count` costs 10 (collectionsCount → 10).
// Mutations cost 10 plus what their payload selects beyond its first object; userErrors are free.
import {
  getNamedType,
  isLeafType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type DocumentNode,
} from 'graphql'

/** Recorded (first, factor) points: cost of a connection = 2 + factor(first) × cost of one node. */
const SIZE_FACTOR: [number, number][] = [
  [0, 0],
  [1, 1],
  [2, 1],
  [10, 4],
  [20, 5],
  [50, 7],
  [250, 11],
]

export function sizeFactor(n: number): number {
  if (n <= 0) return 0
  for (let i = 1; i < SIZE_FACTOR.length; i++) {
    const [a, fa] = SIZE_FACTOR[i - 1]!
    const [b, fb] = SIZE_FACTOR[i]!
    if (n <= b) return Math.ceil(fa + ((fb - fa) * (n - a)) / (b - a))
  }
  return Math.ceil((11 * n) / 250)
}

const FREE_OBJECTS = new Set(['MoneyBag', 'MoneyV2'])
const COUNT_COST = 10
const MUTATION_BASE = 10

type Composite = GraphQLObjectType | GraphQLInterfaceType

function objectCost(t: GraphQLNamedType): number {
  if (FREE_OBJECTS.has(t.name)) return 0
  if (t.name === 'Count') return COUNT_COST
  return 1
}

function isConnection(t: GraphQLNamedType): t is GraphQLObjectType {
  return isObjectType(t) && t.name.endsWith('Connection') && 'pageInfo' in t.getFields()
}

interface Ctx {
  schema: GraphQLSchema
  fragments: Record<string, FragmentDefinitionNode>
  variables: Record<string, unknown>
}

function argValues(node: FieldNode, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const a of node.arguments ?? []) {
    out[a.name.value] =
      a.value.kind === Kind.VARIABLE ? ctx.variables[a.value.name.value] : valueFromASTUntyped(a.value, ctx.variables)
  }
  return out
}

function connectionNodeType(conn: GraphQLObjectType): GraphQLNamedType | undefined {
  const nodes = conn.getFields().nodes
  if (nodes) return getNamedType(nodes.type)
  const edges = conn.getFields().edges
  const edge = edges ? getNamedType(edges.type) : undefined
  return edge && isObjectType(edge) ? getNamedType(edge.getFields().node!.type) : undefined
}

/** The selection applied to each node of a connection (nodes{…} or edges{node{…}}), merged. */
function nodeSelections(node: FieldNode, ctx: Ctx): SelectionSetNode[] {
  const out: SelectionSetNode[] = []
  const visit = (ss: SelectionSetNode | undefined) => {
    for (const s of ss?.selections ?? []) {
      if (s.kind === Kind.FIELD && s.name.value === 'nodes' && s.selectionSet) out.push(s.selectionSet)
      else if (s.kind === Kind.FIELD && s.name.value === 'edges') {
        for (const e of s.selectionSet?.selections ?? [])
          if (e.kind === Kind.FIELD && e.name.value === 'node' && e.selectionSet) out.push(e.selectionSet)
      } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet)
      else if (s.kind === Kind.FRAGMENT_SPREAD) visit(ctx.fragments[s.name.value]?.selectionSet)
    }
  }
  visit(node.selectionSet)
  return out
}

function selectionCost(ss: SelectionSetNode | undefined, parent: GraphQLNamedType, ctx: Ctx, data?: unknown): number {
  if (!ss) return 0
  let common = 0
  const perType = new Map<string, number>()
  for (const s of ss.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value.startsWith('__')) continue
      const def = (parent as Composite).getFields?.()[s.name.value]
      if (!def) continue
      const key = s.alias?.value ?? s.name.value
      common += fieldCost(
        s,
        def,
        ctx,
        data === undefined ? undefined : ((data as Record<string, unknown> | null)?.[key] ?? null),
      )
      continue
    }
    const frag = s.kind === Kind.FRAGMENT_SPREAD ? ctx.fragments[s.name.value] : s
    if (!frag) continue
    const cond = frag.typeCondition ? ctx.schema.getType(frag.typeCondition.name.value) : parent
    if (!cond) continue
    if (
      data !== undefined &&
      data !== null &&
      isObjectType(cond) &&
      (data as { __typename?: string }).__typename &&
      (data as { __typename?: string }).__typename !== cond.name
    )
      continue
    const c = selectionCost(frag.selectionSet, isObjectType(cond) || isInterfaceType(cond) ? cond : parent, ctx, data)
    if (cond === parent || isInterfaceType(cond)) common += c
    else perType.set(cond.name, (perType.get(cond.name) ?? 0) + c)
  }
  return common + (perType.size ? Math.max(...perType.values()) : 0)
}

function fieldCost(node: FieldNode, def: GraphQLField<unknown, unknown>, ctx: Ctx, data?: unknown): number {
  const named = getNamedType(def.type)
  if (isLeafType(named)) return 0
  if (data === null) return 0
  if (isConnection(named)) {
    const args = argValues(node, ctx)
    const requested = Number(args.first ?? args.last ?? 0)
    const nodeType = connectionNodeType(named)
    if (!nodeType) return 2
    const sels = nodeSelections(node, ctx)
    const perNode = (item?: unknown) =>
      objectCost(nodeType) + sels.reduce((s, ss) => s + selectionCost(ss, nodeType, ctx, item), 0)
    if (data === undefined) return 2 + sizeFactor(requested) * perNode()
    const items = connectionItems(data)
    if (items.length === 0) return 2
    return 2 + sizeFactor(items.length) * Math.max(...items.map((i) => perNode(i)))
  }
  if (Array.isArray(data)) {
    if (data.length === 0) return 0
    return Math.max(...data.map((d) => objectCost(named) + selectionCost(node.selectionSet, named, ctx, d)))
  }
  return objectCost(named) + selectionCost(node.selectionSet, named, ctx, data)
}

function connectionItems(data: unknown): unknown[] {
  const d = data as { nodes?: unknown[]; edges?: { node?: unknown }[] }
  if (Array.isArray(d.nodes)) return d.nodes
  if (Array.isArray(d.edges)) return d.edges.map((e) => e.node ?? null)
  return []
}

function mutationFieldCost(s: FieldNode, ctx: Ctx, data?: unknown): number {
  const def = ctx.schema.getMutationType()?.getFields()[s.name.value]
  if (!def) return 0
  const payload = getNamedType(def.type)
  if (data === null) return MUTATION_BASE
  let inner = 0
  for (const x of s.selectionSet?.selections ?? []) {
    if (x.kind !== Kind.FIELD || /userErrors$/i.test(x.name.value)) continue
    const d = (payload as Composite).getFields?.()[x.name.value]
    if (d)
      inner += fieldCost(
        x,
        d,
        ctx,
        data === undefined ? undefined : ((data as Record<string, unknown>)[x.alias?.value ?? x.name.value] ?? null),
      )
  }
  return MUTATION_BASE + Math.max(0, inner - 1)
}

export interface CostInput {
  schema: GraphQLSchema
  document: DocumentNode
  operation: OperationDefinitionNode
  variables: Record<string, unknown>
}

function context(i: CostInput): Ctx {
  const fragments: Record<string, FragmentDefinitionNode> = {}
  for (const d of i.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d
  return { schema: i.schema, fragments, variables: i.variables }
}

/** What the query may cost at most (charged before it runs). */
export function requestedCost(i: CostInput): number {
  return operationCost(i, undefined)
}

/** What the answer actually cost (the difference is refunded); never above the requested cost. */
export function actualCost(i: CostInput, data: Record<string, unknown> | null): number {
  if (!data) return operationCost(i, undefined)
  return Math.min(operationCost(i, undefined), operationCost(i, data))
}

function operationCost(i: CostInput, data: Record<string, unknown> | undefined): number {
  const ctx = context(i)
  if (i.operation.operation === 'mutation') {
    let total = 0
    for (const s of i.operation.selectionSet.selections) {
      if (s.kind === Kind.FIELD)
        total += mutationFieldCost(
          s,
          ctx,
          data === undefined ? undefined : (data[s.alias?.value ?? s.name.value] ?? null),
        )
    }
    return total
  }
  const root = i.schema.getQueryType()
  return root ? selectionCost(i.operation.selectionSet, root, ctx, data) : 0
}
