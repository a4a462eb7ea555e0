// POST /admin/api/:version/graphql.json — the request pipeline of Shopify's Admin GraphQL API:
// token check, version fall-forward, parse, validate against the real SDL, variables, input
// array limit, calculated cost (single-query max, leaky bucket: THROTTLED as HTTP 200), execute,
// refund the unused cost, answer with extensions.cost on every response.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql'
import { CostBucket, SINGLE_QUERY_MAX_COST } from './bucket.ts'
import { actualCost, requestedCost } from './cost.ts'
import {
  formatExecutionError,
  inputProblems,
  invalidVariableError,
  translateValidationError,
  type ShopifyError,
} from './errors.ts'
import { loadSchema, resolveVersion } from './schema.ts'
import type { ShopStore } from './store.ts'
import type { SandboxContext } from './views-catalog.ts'

export interface GraphqlStats {
  requests: number
  throttled: number
  byOperation: Record<string, number>
  lastCosts: { requested: number; actual: number | null }[]
}

export interface GraphqlRouteOptions {
  store: ShopStore
  bucket: CostBucket
  rootValue: Record<string, unknown>
  accessToken: string
  schemaDir?: string
  stats: GraphqlStats
  knobs: { latencyMs: number; failNext: { count: number; status: number } }
}

const MAX_INPUT_ARRAY = 250

function costExtension(bucket: CostBucket, requested: number, actual: number | null) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } }
}

/** MAX_INPUT_SIZE_EXCEEDED for any variable-supplied array above 250 items (shopify.dev/api/usage/limits). */
function oversizedInput(op: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyError | undefined {
  for (const s of op.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) continue
    for (const a of s.arguments ?? []) {
      if (a.value.kind !== Kind.VARIABLE) continue
      const found = findLongArray(variables[a.value.name.value], [s.name.value, a.name.value])
      if (found) {
        return {
          message: `The input array size of ${found.size} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`,
          locations: s.loc ? [{ line: s.loc.startToken.line, column: s.loc.startToken.column }] : [],
          path: found.path,
          extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
        }
      }
    }
  }
  return undefined
}

function findLongArray(v: unknown, path: (string | number)[]): { size: number; path: (string | number)[] } | undefined {
  if (Array.isArray(v)) {
    if (v.length > MAX_INPUT_ARRAY) return { size: v.length, path }
    for (const item of v) {
      const f = findLongArray(item, path)
      if (f) return f
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const f = findLongArray(x, [...path, k])
      if (f) return f
    }
  }
  return undefined
}

function variableErrors(
  doc: DocumentNode,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>,
  schema: ReturnType<typeof loadSchema>,
): ShopifyError[] {
  const errors: ShopifyError[] = []
  for (const def of op.variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined
    if (!type) continue
    const name = def.variable.name.value
    const value = name in variables ? variables[name] : undefined
    if (value === undefined && def.defaultValue) continue
    const problems = inputProblems(value, type)
    if (problems.length) {
      const loc = def.loc ? [{ line: def.loc.startToken.line, column: def.loc.startToken.column }] : undefined
      errors.push(invalidVariableError(name, print(def.type), value ?? null, problems, loc))
    }
  }
  void doc
  return errors
}

export function registerGraphqlRoute(app: FastifyInstance, o: GraphqlRouteOptions): void {
  app.post<{
    Params: { version: string }
    Body: { query?: string; variables?: Record<string, unknown> | null; operationName?: string | null }
  }>('/admin/api/:version/graphql.json', async (req, reply) => {
    const version = resolveVersion(req.params.version, o.schemaDir)
    reply.header('X-Shopify-API-Version', version).header('X-Request-Id', randomUUID())
    if (o.knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, o.knobs.latencyMs))
    // after app/uninstalled Shopify revokes the app's token: every call answers 401 until reinstalled
    if (req.headers['x-shopify-access-token'] !== o.accessToken || !o.store.appInstalled) {
      return reply
        .code(401)
        .send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })
    }
    if (o.knobs.failNext.count > 0) {
      o.knobs.failNext.count--
      return reply.code(o.knobs.failNext.status).send({ errors: 'Internal Server Error' })
    }
    o.stats.requests++
    const body = req.body ?? {}
    if (typeof body.query !== 'string' || !body.query.trim())
      return reply.code(400).send({ errors: { query: 'Required parameter missing or invalid' } })
    const schema = loadSchema(version, o.schemaDir)
    let doc: DocumentNode
    try {
      doc = parse(body.query)
    } catch (e) {
      const g = e as GraphQLError
      return { errors: [{ message: g.message, locations: g.locations, extensions: { code: 'parseError' } }] }
    }
    const invalid = validate(schema, doc)
    if (invalid.length) return { errors: invalid.map((e) => translateValidationError(e, doc, schema)) }
    const op = getOperationAST(doc, body.operationName ?? undefined)
    if (!op) return { errors: [{ message: 'An operation name is required', extensions: { code: 'BAD_REQUEST' } }] }
    const variables = body.variables ?? {}
    const varErrors = variableErrors(doc, op, variables, schema)
    if (varErrors.length) return { errors: varErrors }
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables)
    if ('errors' in coerced && coerced.errors)
      return { errors: coerced.errors.map((e) => ({ message: e.message, extensions: { code: 'INVALID_VARIABLE' } })) }
    const requested = requestedCost({ schema, document: doc, operation: op, variables })
    const oversized = oversizedInput(op, variables)
    if (oversized) return { errors: [oversized], extensions: costExtension(o.bucket, requested, null) }
    if (requested > SINGLE_QUERY_MAX_COST) {
      return {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
          },
        ],
        extensions: costExtension(o.bucket, requested, null),
      }
    }
    if (!o.bucket.take(requested)) {
      o.stats.throttled++
      // Shopify throttles GraphQL with HTTP 200 and extensions.code THROTTLED (specs/shopify.md §4)
      return {
        errors: [
          {
            message: 'Throttled',
            extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
          },
        ],
        extensions: costExtension(o.bucket, requested, null),
      }
    }
    const opName = op.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '')).join(',')
    o.stats.byOperation[opName] = (o.stats.byOperation[opName] ?? 0) + 1
    const ctx: SandboxContext = {
      store: o.store,
      baseUrl: `${req.protocol}://${req.headers.host}`,
      version,
      schema,
      unbounded: false,
      searches: [],
    }
    const result = await execute({
      schema,
      document: doc,
      rootValue: o.rootValue,
      contextValue: ctx,
      variableValues: variables,
      operationName: body.operationName ?? undefined,
    })
    const data = (result.data ?? null) as Record<string, unknown> | null
    const actual = actualCost({ schema, document: doc, operation: op, variables }, data)
    o.bucket.refund(requested - actual)
    o.stats.lastCosts = [...o.stats.lastCosts.slice(-99), { requested, actual }]
    const extensions: Record<string, unknown> = costExtension(o.bucket, requested, actual)
    if (ctx.searches.length) extensions.search = ctx.searches
    return {
      ...(result.errors?.length ? { errors: result.errors.map((e) => formatExecutionError(e)) } : {}),
      data,
      extensions,
    }
  })
}
