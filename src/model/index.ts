// The canonical model: the one shape every connector maps to and from. Pure: imports nothing
// outside this folder (typebox aside), does no I/O.
export * from './common.ts'
export * from './currency.ts'
export * from './money.ts'
export * from './time.ts'
export * from './party.ts'
export * from './catalog.ts'
export * from './inventory.ts'
export * from './order.ts'
export * from './fulfilment.ts'
export * from './validate.ts'
