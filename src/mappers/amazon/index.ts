// Amazon SP-API payloads ↔ canonical records. Pure functions only: no I/O, no connector imports
// (the marketplace table is passed in by the connector). Imports the canonical model.
export * from './types.ts'
export * from './orders.ts'
export * from './inventory.ts'
export * from './listings.ts'
export * from './skus.ts'
