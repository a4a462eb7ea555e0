// Which connection defines the catalog. A seller names it (tenant setting catalogMasterConnectionId);
// otherwise the ERP does when there is one, and channels do when there is none. Other connections'
// products only bind their listings to the canonical SKUs.
import type { Knex } from 'knex'
import type { ConnectorRegistry } from '../../connectors/registry.ts'
import { connectedKinds } from '../../db/connections.ts'
import { tenantSettings } from '../../db/tenants.ts'
import { roleOf } from '../roles.ts'

export async function isCatalogMaster(
  db: Knex,
  connectors: ConnectorRegistry,
  conn: { id: string; tenant_id: string; kind: string },
): Promise<boolean> {
  const named = (await tenantSettings(db, conn.tenant_id)).catalogMasterConnectionId
  if (named) return named === conn.id
  const isErp = (kind: string) => roleOf(connectors, { kind }) === 'erp'
  if (isErp(conn.kind)) return true
  return !(await connectedKinds(db, conn.tenant_id)).some(isErp)
}
