// One 3PL account serves from several facilities (ShipBob fulfillment centres, GoodCang or 4PX
// warehouse codes). The seller maps each facility to a canonical location once, in the
// connection's settings; every mapper resolves stock, locations and routing through that map.
// The map, not the remote, is authoritative for country and time zone: ShipBob's facility
// `timezone` is free text in its model, not a promised IANA name.
import type { Location } from '../../model/index.ts'

export interface FacilityLocation {
  /** tenant-unique canonical location code, e.g. US-EAST */
  code: string
  name?: string
  /** ISO 3166-1 alpha-2 */
  country: string
  /** IANA zone, e.g. America/New_York */
  timeZone: string
  /** local hour after which orders ship the next working day */
  cutoffHour?: number
  /** 0 = Sunday */
  workingDays?: number[]
}

/** remote facility id (as a string) → canonical location */
export type FacilityMap = Record<string, FacilityLocation>

export function facilityFor(map: FacilityMap, remoteId: string | number): FacilityLocation | undefined {
  return map[String(remoteId)]
}

/** The remote facility id serving a canonical location code, if the map names one. */
export function facilityIdForCode(map: FacilityMap, code: string): string | undefined {
  return Object.entries(map).find(([, f]) => f.code === code)?.[0]
}

export function toLocation(f: FacilityLocation, remoteName: string | null | undefined): Location {
  return {
    code: f.code,
    name: f.name ?? (remoteName?.trim() || f.code),
    type: 'warehouse',
    country: f.country,
    timeZone: f.timeZone,
    ...(f.cutoffHour === undefined ? {} : { cutoffHour: f.cutoffHour }),
    ...(f.workingDays === undefined ? {} : { workingDays: f.workingDays }),
  }
}

export function unmappedFacilityMessage(remoteId: string | number, remoteName?: string | null): string {
  const label = remoteName ? `${remoteId} (${remoteName})` : String(remoteId)
  return `facility ${label} is not in this connection's facility map; add it under settings.facilities["${remoteId}"] with a location code, country and time zone`
}
