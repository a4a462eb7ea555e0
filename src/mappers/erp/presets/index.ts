// The mappings crossdock ships for real ERP shapes. A connection starts from a copy of one and
// edits its tables (warehouse codes, currencies, the customer orders are booked on).
import type { ErpMapping } from '../schema.ts'
import { odooPreset } from './odoo.ts'
import { sapB1Preset } from './sap-b1.ts'

export const ERP_PRESETS = {
  'sap-b1': sapB1Preset,
  odoo: odooPreset,
} as const satisfies Record<string, ErpMapping>

export type ErpPresetName = keyof typeof ERP_PRESETS

export function isErpPresetName(name: unknown): name is ErpPresetName {
  return typeof name === 'string' && Object.hasOwn(ERP_PRESETS, name)
}

/** A fresh copy of a preset, safe to edit and save as a connection's mapping. */
export function presetMapping(name: ErpPresetName): ErpMapping {
  return structuredClone(ERP_PRESETS[name]) as ErpMapping
}

export { odooPreset, sapB1Preset }
