// Sellers v1 getMarketplaceParticipations [M-sel]: the marketplaces the seller sells in, each with
// its country (ISO: GB for the UK), default currency and language. The connector's testConnection.
import type { FastifyInstance } from 'fastify'
import { marketplaceById } from './marketplaces.ts'
import { registerOperation, type SpApiContext } from './http.ts'

export function registerSellers(
  app: FastifyInstance,
  c: SpApiContext,
  participating: () => string[],
  storeName: string,
): void {
  registerOperation(app, c, 'getMarketplaceParticipations', () => ({
    status: 200,
    body: {
      payload: participating()
        .map((id) => marketplaceById(id)!)
        .filter(Boolean)
        .map((m) => ({
          marketplace: {
            id: m.id,
            name: m.name,
            countryCode: m.country,
            defaultCurrencyCode: m.currency,
            defaultLanguageCode: m.language,
            domainName: `www.${m.domain}`,
          },
          participation: { isParticipating: true, hasSuspendedListings: false },
          storeName,
        })),
    },
  }))
}
