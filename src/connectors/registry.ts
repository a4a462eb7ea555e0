// The connectors one hub knows, by kind: an instance the hub creates (connectors/builtin.ts lists
// the shipped ones) and passes to the engine and the server in its services. Nothing else
// imports a connector by name; a test adds its own with `register`.
import { CrossdockError } from '../errors.ts'
import type { Connector } from './types.ts'

export class ConnectorRegistry {
  readonly #byKind = new Map<string, Connector>()

  constructor(connectors: Connector[] = []) {
    for (const c of connectors) this.register(c)
  }

  /** Add (or replace) the connector of its kind. */
  register(connector: Connector): this {
    this.#byKind.set(connector.description.kind, connector)
    return this
  }

  get(kind: string): Connector {
    const c = this.#byKind.get(kind)
    if (!c) throw new CrossdockError('UNKNOWN_CONNECTOR', `no connector of kind "${kind}"`, { details: { kind } })
    return c
  }

  has(kind: string): boolean {
    return this.#byKind.has(kind)
  }

  list(): Connector[] {
    return [...this.#byKind.values()]
  }
}
