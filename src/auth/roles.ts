// Roles, from most to least powerful. Each role can do what the ones below it can.
//   owner  everything, including users, tokens, credentials and deleting connections
//   admin  connections (and their credentials), mappings, rules, subscriptions
//   ops    monitor, retry, replay, discard, sync now
//   viewer read
export const ROLES = ['owner', 'admin', 'ops', 'viewer'] as const
export type Role = (typeof ROLES)[number]

const RANK: Record<Role, number> = { owner: 4, admin: 3, ops: 2, viewer: 1 }

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}

export function allows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed]
}
