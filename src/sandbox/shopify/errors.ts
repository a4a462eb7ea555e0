// Shopify's GraphQL error shapes. Shopify runs graphql-ruby, so a document that graphql-js
// rejects must be re-worded the way Shopify words it; every message and `extensions` shape here is
// copied from a recorded live response (../shared/specs/shopify/captures/2026-04/…):
//   undefinedField       orders/orderLifecycle-plain-usererror-no-code.json
//   argumentNotAccepted  orders/refund-create-attribution-validation.json
//   missingRequiredArguments, argumentLiteralsIncompatible  webhooks/webhook-subscription-*.json
//   undefinedType        shipping-fulfillments/shipping-service-mutation-first-hydration.json
//   INVALID_VARIABLE     products/inventory-quantity-contracts-2026-04.json (legacySetShape)
//   MAX_INPUT_SIZE_EXCEEDED  orders/draftOrder-tag-validation.json
import {
  GraphQLError,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql'

export interface ShopifyError {
  message: string
  locations?: { line: number; column: number }[]
  path?: (string | number)[]
  extensions?: Record<string, unknown>
}

/** A resolver error that keeps Shopify's extensions (code…) in the response. */
export function shopifyError(
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
  nodes?: readonly ASTNode[],
): GraphQLError {
  return new GraphQLError(message, { nodes: nodes as ASTNode[] | undefined, extensions: { code, ...extra } })
}

function operationLabel(def: ASTNode): string | undefined {
  if (def.kind === Kind.OPERATION_DEFINITION) return def.name ? `${def.operation} ${def.name.value}` : def.operation
  if (def.kind === Kind.FRAGMENT_DEFINITION) return `fragment ${def.name.value}`
  return undefined
}

/** graphql-ruby style path of an AST node: ["query Name", "field", "... on Type", "argument"]. */
export function astPath(doc: DocumentNode, target: ASTNode): (string | number)[] {
  let found: (string | number)[] = []
  visit(doc, {
    enter(node, _key, parent, _path, ancestors) {
      if (node !== target) return undefined
      // graphql-js passes the direct parent apart from the other ancestors
      const chain = [...([...ancestors, parent].filter((a) => a && !Array.isArray(a)) as ASTNode[]), node]
      const out: string[] = []
      for (const a of chain) {
        const label = operationLabel(a)
        if (label) out.push(label)
        else if (a.kind === Kind.FIELD) out.push(a.alias?.value ?? a.name.value)
        else if (a.kind === Kind.INLINE_FRAGMENT)
          out.push(a.typeCondition ? `... on ${a.typeCondition.name.value}` : '...')
        else if (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD) out.push(a.name.value)
      }
      found = out
      return false
    },
  })
  return found
}

function parentOf(doc: DocumentNode, target: ASTNode): ASTNode | undefined {
  let found: ASTNode | undefined
  visit(doc, {
    enter(node, _key, parent) {
      if (node !== target) return undefined
      if (parent && !Array.isArray(parent)) found = parent as ASTNode
      return false
    },
  })
  return found
}

function withLocation(
  e: GraphQLError,
  doc: DocumentNode,
  message: string,
  extensions: Record<string, unknown>,
  node?: ASTNode,
): ShopifyError {
  const target = node ?? e.nodes?.[0]
  return {
    message,
    ...(e.locations ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(target ? { path: astPath(doc, target) } : {}),
    extensions,
  }
}

/** Re-word a graphql-js validation error the way Shopify (graphql-ruby) answers it. */
export function translateValidationError(e: GraphQLError, doc: DocumentNode, schema?: GraphQLSchema): ShopifyError {
  let m: RegExpExecArray | null
  if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(e.message))) {
    return withLocation(e, doc, `Field '${m[1]}' doesn't exist on type '${m[2]}'`, {
      code: 'undefinedField',
      typeName: m[2],
      fieldName: m[1],
    })
  }
  if ((m = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/.exec(e.message))) {
    return withLocation(e, doc, `Field '${m[2]}' doesn't accept argument '${m[1]}'`, {
      code: 'argumentNotAccepted',
      name: m[2],
      typeName: 'Field',
      argumentName: m[1],
    })
  }
  if (
    (m = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/.exec(e.message)) ||
    (m = /^Argument "\w+\.(\w+)\((\w+):\)" of type "([^"]+)" is required/.exec(e.message))
  ) {
    return withLocation(e, doc, `Field '${m[1]}' is missing required arguments: ${m[2]}`, {
      code: 'missingRequiredArguments',
      className: 'Field',
      name: m[1],
      arguments: m[2],
    })
  }
  if ((m = /^Expected value of type "(\w+)" to include required field "(\w+)"/.exec(e.message))) {
    const fieldType = schema
      ? (schema.getType(m[1]!) as GraphQLInputObjectType | undefined)?.getFields()[m[2]!]?.type.toString()
      : undefined
    const at = withLocation(
      e,
      doc,
      `Argument '${m[2]}' on InputObject '${m[1]}' is required. Expected type ${fieldType ?? '?'}`,
      {
        code: 'missingRequiredInputObjectAttribute',
        argumentName: m[2],
        argumentType: fieldType,
        inputObjectType: m[1],
      },
    )
    return { ...at, path: [...(at.path ?? []), m[2]!] }
  }
  if ((m = /^Unknown type "(\w+)"/.exec(e.message))) {
    // graphql-ruby points at the fragment, graphql-js at its type condition
    const fragment = e.nodes?.[0] ? parentOf(doc, e.nodes[0]) : undefined
    const at = fragment?.loc
      ? { line: fragment.loc.startToken.line, column: fragment.loc.startToken.column }
      : undefined
    const out = withLocation(e, doc, `No such type ${m[1]}, so it can't be a fragment condition`, {
      code: 'undefinedType',
      typeName: m[1],
    })
    return at ? { ...out, locations: [at] } : out
  }
  if ((m = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(e.message))) {
    const type = m[2]!.replace(/[[\]!]/g, '')
    return withLocation(
      e,
      doc,
      `Field must have selections (field '${m[1]}' returns ${type} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: type },
    )
  }
  if (
    (m = /^Value "?([^"]*)"? does not exist in "(\w+)" enum|^(?:Enum|Value) "(\w+)" cannot represent/.exec(e.message))
  ) {
    const node = e.nodes?.[0]
    const arg = findArgumentFor(doc, node)
    if (arg) {
      return withLocation(
        e,
        doc,
        `Argument '${arg.argument}' on Field '${arg.field}' has an invalid value (${m[1] ?? m[3]}). Expected type '${arg.type ?? m[2]}'.`,
        { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: arg.argument },
        arg.node,
      )
    }
  }
  return withLocation(e, doc, e.message, { code: 'GRAPHQL_VALIDATION_FAILED' })
}

function findArgumentFor(
  doc: DocumentNode,
  valueNode: ASTNode | undefined,
): { field: string; argument: string; type?: string; node: ASTNode } | undefined {
  if (!valueNode) return undefined
  let out: { field: string; argument: string; node: ASTNode } | undefined
  visit(doc, {
    Argument(node, _k, _p, _path, ancestors) {
      if (node.value !== valueNode) return
      const field = [...ancestors].reverse().find((a) => !Array.isArray(a) && (a as ASTNode).kind === Kind.FIELD) as
        { name: { value: string } } | undefined
      out = { field: field?.name.value ?? '', argument: node.name.value, node }
    },
  })
  return out
}

// ---- variables ------------------------------------------------------------------------------

export interface VariableProblem {
  path: (string | number)[]
  explanation: string
}

const INT_MAX = 2 ** 31 - 1

/** Check a variable's value against its input type, collecting graphql-ruby style problems. */
export function inputProblems(
  value: unknown,
  type: GraphQLInputType,
  path: (string | number)[] = [],
): VariableProblem[] {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) return [{ path, explanation: 'Expected value to not be null' }]
    return inputProblems(value, type.ofType, path)
  }
  if (value === null || value === undefined) return []
  const t = getNullableType(type)
  if (isListType(t)) {
    const items = Array.isArray(value) ? value : [value]
    return items.flatMap((v, i) => inputProblems(v, t.ofType, Array.isArray(value) ? [...path, i] : path))
  }
  if (isInputObjectType(t)) {
    if (typeof value !== 'object' || Array.isArray(value))
      return [{ path, explanation: `Expected ${JSON.stringify(value)} to be a key-value object.` }]
    const fields = t.getFields()
    const out: VariableProblem[] = []
    for (const k of Object.keys(value)) {
      if (!fields[k]) out.push({ path: [...path, k], explanation: `Field is not defined on ${t.name}` })
    }
    for (const f of Object.values(fields)) {
      out.push(...inputProblems((value as Record<string, unknown>)[f.name], f.type, [...path, f.name]))
    }
    return out
  }
  if (isEnumType(t)) {
    const names = t.getValues().map((v) => v.name)
    return typeof value === 'string' && names.includes(value)
      ? []
      : [{ path, explanation: `Expected "${String(value)}" to be one of: ${names.join(', ')}` }]
  }
  if (isScalarType(t)) {
    const bad = (what: string) => [{ path, explanation: `Could not coerce value ${JSON.stringify(value)} to ${what}` }]
    if (t.name === 'Int') return Number.isInteger(value) && Math.abs(value as number) <= INT_MAX ? [] : bad('Int')
    if (t.name === 'Float') return typeof value === 'number' ? [] : bad('Float')
    if (t.name === 'Boolean') return typeof value === 'boolean' ? [] : bad('Boolean')
    if (t.name === 'URL') {
      if (typeof value !== 'string') return bad('URL')
      // Shopify's URL scalar wants a scheme (captures: "Invalid url 'not-a-url', missing scheme")
      return /^[a-z][a-z0-9+.-]*:/i.test(value) ? [] : [{ path, explanation: `Invalid url '${value}', missing scheme` }]
    }
    if (t.name === 'String' || t.name === 'ID')
      return typeof value === 'string' || (t.name === 'ID' && Number.isInteger(value)) ? [] : bad(t.name)
  }
  return []
}

export function invalidVariableError(
  name: string,
  typeLabel: string,
  value: unknown,
  problems: VariableProblem[],
  locations?: { line: number; column: number }[],
): ShopifyError {
  const where = problems.filter((p) => p.path.length > 0)
  const detail = where.length ? ` for ${where.map((p) => `${p.path.join('.')} (${p.explanation})`).join(', ')}` : ''
  return {
    message: `Variable $${name} of type ${typeLabel} was provided invalid value${detail}`,
    ...(locations ? { locations } : {}),
    extensions: {
      code: 'INVALID_VARIABLE',
      value,
      problems: problems.map((p) => ({ path: p.path, explanation: p.explanation })),
    },
  }
}

export function formatExecutionError(e: GraphQLError): ShopifyError {
  return {
    message: e.message,
    ...(e.locations ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(e.path ? { path: [...e.path] } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(e.extensions ?? {}) },
  }
}
