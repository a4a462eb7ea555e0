// Which connection defines the catalog. A seller names it (tenant setting catalogMasterConnectionId);
// otherwise the ERP does when there is one, and channels do when there is none. Other connections'
// products only bind their listings to the canonical SKUs.
import type { Knex } from 'knex'
import { getConnector, hasConnector } from '../../connectors/registry.ts'
import type { Connector } from '../../connectors/types.ts'
import { connectedKinds } from '../../db/connections.ts'
import { tenantSettings } from '../../db/tenants.ts'

function isErp(kind: string): boolean {
  if (!hasConnector(kind)) return false
  const c: Connector = getConnector(kind)
  if (c.description.role) return c.description.role === 'erp'
  return kind === 'erp'
}

export async function isCatalogMaster(
  db: Knex,
  conn: { id: string; tenant_id: string; kind: string },
): Promise<boolean> {
  const named = (await tenantSettings(db, conn.tenant_id)).catalogMasterConnectionId
  if (named) return named === conn.id
  if (isErp(conn.kind)) return true
  return !(await connectedKinds(db, conn.tenant_id)).some(isErp)
}
