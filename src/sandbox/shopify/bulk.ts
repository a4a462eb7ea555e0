// Bulk operations: bulkOperationRunQuery runs a query over whole connections in the background
// and leaves a JSONL file behind, served over HTTP at the operation's `url`. Each node of a
// connection is one line; a node of a nested connection carries `__parentId` (the id of the
// node it belongs to). With groupObjects the children follow their parent directly; without
// it the sandbox writes all parents first and their children after, which a reader that waits
// for a parent's children must be ready for (Shopify no longer promises an order then).
import {
  execute,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  validate,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql'
import type { BulkOperationRec, ShopStore } from './store.ts'
import type { SandboxContext } from './views-catalog.ts'

type Row = Record<string, unknown>

function isConnectionType(t: GraphQLNamedType): t is GraphQLObjectType {
  return isObjectType(t) && t.name.endsWith('Connection') && 'pageInfo' in t.getFields()
}

function nodeSelection(field: FieldNode): SelectionSetNode | undefined {
  for (const s of field.selectionSet?.selections ?? []) {
    if (s.kind !== Kind.FIELD) continue
    if (s.name.value === 'nodes') return s.selectionSet
    if (s.name.value === 'edges') {
      const node = s.selectionSet?.selections.find((x) => x.kind === Kind.FIELD && x.name.value === 'node') as
        FieldNode | undefined
      if (node) return node.selectionSet
    }
  }
  return undefined
}

function nodeTypeOf(conn: GraphQLObjectType): GraphQLNamedType {
  const nodes = conn.getFields().nodes
  if (nodes) return getNamedType(nodes.type)
  const edge = getNamedType(conn.getFields().edges!.type) as GraphQLObjectType
  return getNamedType(edge.getFields().node!.type)
}

function itemsOf(conn: unknown): Row[] {
  const c = conn as { nodes?: Row[]; edges?: { node: Row }[] } | null
  return c?.nodes ?? c?.edges?.map((e) => e.node) ?? []
}

function countConnections(
  ss: SelectionSetNode | undefined,
  type: GraphQLNamedType,
  depth: number,
): { count: number; depth: number } {
  let count = 0
  let max = depth
  for (const s of ss?.selections ?? []) {
    if (s.kind !== Kind.FIELD || !isObjectType(type)) continue
    const def = type.getFields()[s.name.value]
    if (!def) continue
    const named = getNamedType(def.type)
    if (isConnectionType(named)) {
      const inner = countConnections(nodeSelection(s), nodeTypeOf(named), depth + 1)
      count += 1 + inner.count
      max = Math.max(max, inner.depth)
    } else if (isObjectType(named)) {
      const inner = countConnections(s.selectionSet, named, depth)
      count += inner.count
      max = Math.max(max, inner.depth)
    }
  }
  return { count, depth: max }
}

/** Flatten the executed data into JSONL lines (parents before children when grouped). */
function flatten(
  schema: GraphQLSchema,
  ss: SelectionSetNode,
  data: Row,
  grouped: boolean,
): { lines: Row[]; roots: number } {
  const first: Row[] = []
  const later: Row[] = []
  let roots = 0
  const emitNode = (
    node: Row,
    sel: SelectionSetNode | undefined,
    type: GraphQLNamedType,
    parentId: string | null,
    level: number,
  ) => {
    const line: Row = {}
    const children: (() => void)[] = []
    for (const s of sel?.selections ?? []) {
      if (s.kind !== Kind.FIELD || !isObjectType(type)) {
        continue
      }
      const key = s.alias?.value ?? s.name.value
      const def = type.getFields()[s.name.value]
      const named = def ? getNamedType(def.type) : undefined
      if (named && isConnectionType(named)) {
        const nodeType = nodeTypeOf(named)
        children.push(() =>
          itemsOf(node[key]).forEach((child) =>
            emitNode(child, nodeSelection(s), nodeType, String(node.id ?? ''), level + 1),
          ),
        )
      } else if (key in node) {
        line[key] = node[key]
      }
    }
    if (parentId) line.__parentId = parentId
    else roots++
    ;(grouped || level === 0 ? first : later).push(line)
    children.forEach((c) => c())
  }
  const query = schema.getQueryType()!
  for (const s of ss.selections) {
    if (s.kind !== Kind.FIELD) continue
    const def = query.getFields()[s.name.value]
    const named = def ? getNamedType(def.type) : undefined
    if (!named || !isConnectionType(named)) continue
    itemsOf(data[s.alias?.value ?? s.name.value]).forEach((n) =>
      emitNode(n, nodeSelection(s), nodeTypeOf(named), null, 0),
    )
  }
  return { lines: [...first, ...later], roots }
}

export function bulkView(op: BulkOperationRec, baseUrl: string) {
  return {
    __typename: 'BulkOperation',
    id: op.id,
    status: op.status,
    type: 'QUERY',
    query: op.query,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.fileSize === null ? null : String(op.fileSize),
    errorCode: op.errorCode,
    url: op.status === 'COMPLETED' && op.body !== null ? `${baseUrl}/__bulk/${op.legacyId}.jsonl` : null,
    partialDataUrl: null,
  }
}

export interface BulkRunner {
  run(
    ctx: SandboxContext,
    args: { query: string; groupObjects?: boolean | null },
    schema: GraphQLSchema,
    rootValue: Record<string, unknown>,
  ): unknown
  file(store: ShopStore, legacyId: string): string | null
}

export function createBulkRunner(delayMs: number): BulkRunner {
  return {
    run(ctx, args, schema, rootValue) {
      const baseUrl = ctx.baseUrl
      const running = [...ctx.store.bulkOperations.values()].find(
        (b) => b.status === 'CREATED' || b.status === 'RUNNING',
      )
      if (running)
        return {
          bulkOperation: null,
          userErrors: [
            {
              field: ['query'],
              message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
              code: 'OPERATION_IN_PROGRESS',
            },
          ],
        }
      let doc
      try {
        doc = parse(args.query)
      } catch (e) {
        return {
          bulkOperation: null,
          userErrors: [{ field: ['query'], message: `Invalid bulk query: ${(e as Error).message}`, code: 'INVALID' }],
        }
      }
      const errors = validate(schema, doc)
      const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
      if (errors.length || !op || op.operation !== 'query') {
        return {
          bulkOperation: null,
          userErrors: [
            {
              field: ['query'],
              message: `Invalid bulk query: ${errors[0]?.message ?? 'a query operation is required'}`,
              code: 'INVALID',
            },
          ],
        }
      }
      const shape = countConnections(op.selectionSet, schema.getQueryType()!, 0)
      if (shape.count === 0)
        return {
          bulkOperation: null,
          userErrors: [
            { field: ['query'], message: 'Bulk queries must contain at least one connection.', code: 'INVALID' },
          ],
        }
      if (shape.count > 5 || shape.depth > 2)
        return {
          bulkOperation: null,
          userErrors: [
            {
              field: ['query'],
              message: 'Bulk queries support up to five connections with a maximum nesting depth of two levels.',
              code: 'INVALID',
            },
          ],
        }
      const rec: BulkOperationRec = {
        ...ctx.store.newId('BulkOperation'),
        query: args.query,
        groupObjects: Boolean(args.groupObjects),
        status: 'CREATED',
        createdAt: ctx.store.now(),
        completedAt: null,
        objectCount: 0,
        rootObjectCount: 0,
        fileSize: null,
        errorCode: null,
        body: null,
      }
      ctx.store.bulkOperations.set(rec.id, rec)
      setTimeout(() => {
        rec.status = 'RUNNING'
        setTimeout(() => {
          const result = execute({
            schema,
            document: doc,
            rootValue,
            contextValue: { ...ctx, unbounded: true, searches: [] },
          }) as { data?: Row | null; errors?: unknown[] }
          if (!result.data || result.errors?.length) {
            rec.status = 'FAILED'
            rec.errorCode = 'INTERNAL_SERVER_ERROR'
          } else {
            const { lines, roots } = flatten(schema, op.selectionSet, result.data, rec.groupObjects)
            rec.body = lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '')
            rec.objectCount = lines.length
            rec.rootObjectCount = roots
            rec.fileSize = Buffer.byteLength(rec.body)
            rec.status = 'COMPLETED'
          }
          rec.completedAt = ctx.store.now()
          ctx.store.announce('bulk_operations/finish', () => ({
            admin_graphql_api_id: rec.id,
            completed_at: rec.completedAt,
            created_at: rec.createdAt,
            error_code: rec.errorCode?.toLowerCase() ?? null,
            status: rec.status.toLowerCase(),
            type: 'query',
          }))
        }, delayMs)
      }, 0)
      return { bulkOperation: bulkView(rec, baseUrl), userErrors: [] }
    },
    file(store, legacyId) {
      return [...store.bulkOperations.values()].find((b) => b.legacyId === legacyId)?.body ?? null
    },
  }
}
