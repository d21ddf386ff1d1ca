import { describe, expect, it } from 'vitest'
import type { DocumentAccess, DocumentMeta, DocumentStatus, Group, Role, User } from '../../shared/schema.js'
import {
  canAdminister,
  canCreateDocumentIn,
  canViewGroup,
  documentAccess,
  invitationHolds,
  materialAccess,
  type OfficeClock,
} from '../../server/policy.js'
import type { StoredInvitation } from '../../server/store/types.js'

// ── a small world: one research group, one other group, one document in each ──

const user = (id: string, role: Role, active = true): User => ({
  id: id.padEnd(16, '0'),
  username: id,
  displayName: id,
  role,
  active,
  createdAt: '2025-01-01T00:00:00.000Z',
})

const people = {
  admin: user('admin', 'admin'),
  convener: user('convener', 'member'),
  member: user('member', 'member'),
  outsider: user('outsider', 'member'),
  chair: user('chair', 'chair'),
  otherChair: user('otherchair', 'chair'),
  secretary: user('secretary', 'secretary'),
  otherSecretary: user('othersecretary', 'secretary'),
  commenter: user('commenter', 'commenter'),
}

const group: Group = {
  id: 'group00000000001',
  name: '农业农村调研组',
  members: [
    { userId: people.convener.id, convener: true },
    { userId: people.member.id, convener: false },
  ],
  chairIds: [people.chair.id],
  secretaryIds: [people.secretary.id],
  createdAt: '2025-01-01T00:00:00.000Z',
}

const otherGroup: Group = {
  id: 'group00000000002',
  name: '教育调研组',
  members: [{ userId: people.outsider.id, convener: true }],
  chairIds: [people.otherChair.id],
  secretaryIds: [people.otherSecretary.id],
  createdAt: '2025-01-01T00:00:00.000Z',
}

const doc = (status: DocumentStatus, id = 'document00000001', groupId = group.id): DocumentMeta => ({
  id,
  title: '关于加强我市高标准农田建设的建议案',
  groupId,
  status,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
})

/**
 * The office's zone. Every instant below is built from its wall clock with an explicit offset
 * (Shanghai has kept +08:00 all year since 1991), never from the zone vitest's host runs in.
 */
const office = 'Asia/Shanghai'
/** The instant at which Shanghai's clock reads `wall` (`YYYY-MM-DDTHH:MM[:SS.sss]`). */
const inShanghai = (wall: string): Date => new Date(`${wall}+08:00`)
const at = (wall: string): OfficeClock => ({ now: inShanghai(wall), timeZone: office })

/** Noon in the office on 15 June 2025. */
const now = at('2025-06-15T12:00')
const yesterday = '2025-06-14'
const today = '2025-06-15'
const tomorrow = '2025-06-16'

const invitation = (userId: string, until: string | null, documentId = 'document00000001'): StoredInvitation => ({
  documentId,
  userId,
  invitedBy: people.convener.id,
  until,
  createdAt: '2025-06-01T00:00:00.000Z',
})

/** `RECM` = read, edit, comment, manage; a dash where the right is absent. */
type Flags = string
const access = (flags: Flags): DocumentAccess => ({
  read: flags[0] === 'R',
  edit: flags[1] === 'E',
  comment: flags[2] === 'C',
  manage: flags[3] === 'M',
})
const NONE = '----'

interface Relationship {
  role: Role
  relationship: string
  user: User
  invitation?: StoredInvitation
  /** The group passed to the policy; the document's own group unless said otherwise. */
  group?: Group | null
  /** Expected rights while the text may change (draft, submitted, returned), and once approved. */
  open: Flags
  approved: Flags
}

/** Every status, and whether its text may still change: a status added later must be placed here. */
const statusKind: Record<DocumentStatus, 'open' | 'approved'> = {
  draft: 'open',
  submitted: 'open',
  returned: 'open',
  approved: 'approved',
}

const relationships: Relationship[] = [
  { role: 'member', relationship: 'convener of the group', user: people.convener, open: 'RECM', approved: 'R-CM' },
  { role: 'member', relationship: 'member of the group', user: people.member, open: 'REC-', approved: 'R-C-' },
  { role: 'member', relationship: 'convener of another group', user: people.outsider, open: NONE, approved: NONE },
  {
    role: 'member',
    relationship: 'convener of the group, but disabled',
    user: user('convener', 'member', false),
    open: NONE,
    approved: NONE,
  },
  {
    role: 'member',
    relationship: 'member of the group, asked with a group that is not the document’s',
    user: people.member,
    group: { ...otherGroup, members: [{ userId: people.member.id, convener: true }] },
    open: NONE,
    approved: NONE,
  },
  {
    role: 'member',
    relationship: 'member, with the document’s group missing',
    user: people.member,
    group: null,
    open: NONE,
    approved: NONE,
  },
  { role: 'chair', relationship: 'assigned to the group', user: people.chair, open: 'R-C-', approved: 'R-C-' },
  { role: 'chair', relationship: 'assigned to another group', user: people.otherChair, open: NONE, approved: NONE },
  {
    role: 'chair',
    relationship: 'assigned to the group, but disabled',
    user: user('chair', 'chair', false),
    open: NONE,
    approved: NONE,
  },
  { role: 'secretary', relationship: 'assigned to the group', user: people.secretary, open: NONE, approved: 'R---' },
  {
    role: 'secretary',
    relationship: 'assigned to another group',
    user: people.otherSecretary,
    open: NONE,
    approved: NONE,
  },
  {
    role: 'secretary',
    relationship: 'assigned to the group, but disabled',
    user: user('secretary', 'secretary', false),
    open: NONE,
    approved: NONE,
  },
  {
    role: 'commenter',
    relationship: 'invited without an end date',
    user: people.commenter,
    invitation: invitation(people.commenter.id, null),
    open: 'R-C-',
    approved: 'R-C-',
  },
  {
    role: 'commenter',
    relationship: 'invited until tomorrow',
    user: people.commenter,
    invitation: invitation(people.commenter.id, tomorrow),
    open: 'R-C-',
    approved: 'R-C-',
  },
  {
    role: 'commenter',
    relationship: 'invited until today',
    user: people.commenter,
    invitation: invitation(people.commenter.id, today),
    open: 'R-C-',
    approved: 'R-C-',
  },
  {
    role: 'commenter',
    relationship: 'invited until yesterday',
    user: people.commenter,
    invitation: invitation(people.commenter.id, yesterday),
    open: NONE,
    approved: NONE,
  },
  {
    role: 'commenter',
    relationship: 'invited to another document',
    user: people.commenter,
    invitation: invitation(people.commenter.id, null, 'document00000002'),
    open: NONE,
    approved: NONE,
  },
  {
    role: 'commenter',
    relationship: 'holding another user’s invitation',
    user: people.commenter,
    invitation: invitation(people.member.id, null),
    open: NONE,
    approved: NONE,
  },
  { role: 'commenter', relationship: 'not invited', user: people.commenter, open: NONE, approved: NONE },
  {
    role: 'commenter',
    relationship: 'invited, but disabled',
    user: user('commenter', 'commenter', false),
    invitation: invitation(people.commenter.id, null),
    open: NONE,
    approved: NONE,
  },
  {
    role: 'commenter',
    relationship: 'listed as a member of the group, not invited',
    user: people.commenter,
    group: { ...group, members: [...group.members, { userId: people.commenter.id, convener: true }] },
    open: NONE,
    approved: NONE,
  },
  {
    role: 'chair',
    relationship: 'listed as a convener and a secretary of the group, not as its chair',
    user: people.otherChair,
    group: {
      ...group,
      members: [{ userId: people.otherChair.id, convener: true }],
      secretaryIds: [people.otherChair.id],
    },
    open: NONE,
    approved: NONE,
  },
  { role: 'admin', relationship: 'administrator of the instance', user: people.admin, open: NONE, approved: NONE },
  {
    role: 'admin',
    relationship: 'listed as a convener and chair of the group',
    user: people.admin,
    group: { ...group, members: [{ userId: people.admin.id, convener: true }], chairIds: [people.admin.id] },
    open: NONE,
    approved: NONE,
  },
  {
    role: 'admin',
    relationship: 'invited as a commenter',
    user: people.admin,
    invitation: invitation(people.admin.id, null),
    open: NONE,
    approved: NONE,
  },
]

const statuses = Object.keys(statusKind) as DocumentStatus[]
const accessCases = relationships.flatMap((r) =>
  statuses.map((status) => {
    const expected = r[statusKind[status]]
    return { ...r, status, expected, name: `${r.role} ${r.relationship}, ${status} → ${expected}` }
  }),
)

describe('documentAccess', () => {
  it.each(accessCases)('$name', ({ user: who, group: given, invitation: held, status, expected }) => {
    const groupAsked = given === undefined ? group : given
    expect(documentAccess(who, doc(status), groupAsked, held, now)).toEqual(access(expected))
  })

  it('never grants anything without read, and never edit on an approved document', () => {
    for (const c of accessCases) {
      const result = documentAccess(c.user, doc(c.status), c.group === undefined ? group : c.group, c.invitation, now)
      if (!result.read) expect(result).toEqual(access(NONE))
      if (c.status === 'approved') expect(result.edit).toBe(false)
    }
  })
})

describe('canCreateDocumentIn', () => {
  const cases: [string, User, Group, boolean][] = [
    ['an admin', people.admin, group, false],
    ['the convener of the group', people.convener, group, true],
    ['a disabled convener of the group', user('convener', 'member', false), group, false],
    ['a plain member of the group', people.member, group, false],
    ['the convener of another group', people.outsider, group, false],
    ['the convener, in their own other group', people.outsider, otherGroup, true],
    ['the chair of the group', people.chair, group, false],
    ['the secretary of the group', people.secretary, group, false],
    ['a commenter', people.commenter, group, false],
    [
      'a commenter listed as convener',
      people.commenter,
      { ...group, members: [{ userId: people.commenter.id, convener: true }] },
      false,
    ],
    [
      'an admin listed as convener',
      people.admin,
      { ...group, members: [{ userId: people.admin.id, convener: true }] },
      false,
    ],
  ]
  it.each(cases)('%s → %s', (_name, who, where, expected) => {
    expect(canCreateDocumentIn(who, where)).toBe(expected)
  })
})

describe('canAdminister', () => {
  const roles: Role[] = ['admin', 'member', 'chair', 'secretary', 'commenter']
  it.each(
    roles.flatMap((role) => [true, false].map((active) => ({ role, active, expected: role === 'admin' && active }))),
  )('$role, active $active → $expected', ({ role, active, expected }) => {
    expect(canAdminister(user(role, role, active))).toBe(expected)
  })
})

describe('canViewGroup', () => {
  const cases: [string, User, boolean][] = [
    ['an admin', people.admin, true],
    ['a disabled admin', user('admin', 'admin', false), false],
    ['the convener', people.convener, true],
    ['a plain member', people.member, true],
    ['a disabled member', user('member', 'member', false), false],
    ['a member of another group', people.outsider, false],
    ['the assigned chair', people.chair, true],
    ['the chair of another group', people.otherChair, false],
    ['the assigned secretary', people.secretary, true],
    ['the secretary of another group', people.otherSecretary, false],
    ['a commenter (even one invited to a draft of the group)', people.commenter, false],
  ]
  it.each(cases)('%s → %s', (_name, who, expected) => {
    expect(canViewGroup(who, group)).toBe(expected)
  })

  it('follows the role, not a list the user should not be on', () => {
    const stuffed: Group = {
      ...group,
      members: [
        { userId: people.commenter.id, convener: true },
        { userId: people.chair.id, convener: false },
      ],
      chairIds: [people.secretary.id],
      secretaryIds: [people.member.id],
    }
    expect(canViewGroup(people.commenter, stuffed)).toBe(false)
    expect(canViewGroup(people.chair, stuffed)).toBe(false)
    expect(canViewGroup(people.secretary, stuffed)).toBe(false)
    expect(canViewGroup(people.member, stuffed)).toBe(false)
  })
})

describe('invitationHolds', () => {
  const cases: [string, boolean, StoredInvitation | undefined, OfficeClock][] = [
    ['no invitation', false, undefined, now],
    ['until null (until revoked)', true, invitation(people.commenter.id, null), now],
    ['until yesterday', false, invitation(people.commenter.id, yesterday), now],
    ['until today', true, invitation(people.commenter.id, today), now],
    ['until tomorrow', true, invitation(people.commenter.id, tomorrow), now],
    [
      'until today, at the last millisecond of the day',
      true,
      invitation(people.commenter.id, today),
      at('2025-06-15T23:59:59.999'),
    ],
    [
      'until today, at the first moment of the day',
      true,
      invitation(people.commenter.id, today),
      at('2025-06-15T00:00:00.000'),
    ],
    [
      'until yesterday, at the first moment of today',
      false,
      invitation(people.commenter.id, yesterday),
      at('2025-06-15T00:00:00.000'),
    ],
    ['until 1 January, on New Year’s Eve', true, invitation(people.commenter.id, '2026-01-01'), at('2025-12-31T23:00')],
    [
      'until 31 December, on New Year’s Day',
      false,
      invitation(people.commenter.id, '2025-12-31'),
      at('2026-01-01T00:30'),
    ],
    [
      'until 9 June, on 10 June (no string-order slip)',
      false,
      invitation(people.commenter.id, '2025-06-09'),
      at('2025-06-10T12:00'),
    ],
  ]
  it.each(cases)('%s → %s', (_name, expected, held, clock) => {
    expect(invitationHolds(held, clock)).toBe(expected)
  })
})

/**
 * The last day is the office's, whatever zone the host runs in: an invitation until 5 December
 * ends at 6 December 00:00 in Shanghai, which is 5 December 16:00 UTC — while a host on UTC (as
 * CI's are) still reads 5 December. Instants are given in UTC here, so that the host's zone is
 * nowhere in the test.
 */
describe('an invitation’s last day on the office’s clock, not the host’s', () => {
  const until = invitation(people.commenter.id, '2026-12-05')
  const shanghai = (iso: string): OfficeClock => ({ now: new Date(iso), timeZone: 'Asia/Shanghai' })

  it.each([
    ['5 Dec 23:30 in Shanghai (15:30 UTC)', true, '2026-12-05T15:30:00.000Z'],
    ['5 Dec 23:59:59.999 in Shanghai', true, '2026-12-05T15:59:59.999Z'],
    ['6 Dec 00:00 in Shanghai (16:00 UTC, still 5 Dec in UTC)', false, '2026-12-05T16:00:00.000Z'],
    ['6 Dec 00:30 in Shanghai (16:30 UTC, still 5 Dec in UTC)', false, '2026-12-05T16:30:00.000Z'],
  ] as const)('until 5 Dec, at %s → %s', (_name, expected, iso) => {
    expect(invitationHolds(until, shanghai(iso))).toBe(expected)
    // And the policy gives the commenter the document, or nothing, at the same instant.
    expect(documentAccess(people.commenter, doc('draft'), group, until, shanghai(iso))).toEqual(
      access(expected ? 'R-C-' : NONE),
    )
  })

  it('reads the same instant in the zone it is given', () => {
    // 6 Dec 03:00 UTC: 6 Dec 11:00 in Shanghai, but still 5 Dec 22:00 in New York.
    const instant = new Date('2026-12-06T03:00:00.000Z')
    expect(invitationHolds(until, { now: instant, timeZone: 'Asia/Shanghai' })).toBe(false)
    expect(invitationHolds(until, { now: instant, timeZone: 'America/New_York' })).toBe(true)
  })

  it('ends the day at the office’s midnight on a day daylight saving lengthens', () => {
    // New York falls back on 1 November 2026: the day has 25 hours and ends at 05:00 UTC.
    const fallBack = invitation(people.commenter.id, '2026-11-01')
    const newYork = (iso: string): OfficeClock => ({ now: new Date(iso), timeZone: 'America/New_York' })
    expect(invitationHolds(fallBack, newYork('2026-11-02T04:30:00.000Z'))).toBe(true)
    expect(invitationHolds(fallBack, newYork('2026-11-02T05:00:00.000Z'))).toBe(false)
  })
})

describe('materialAccess: who reads and changes a group’s 调研材料', () => {
  // The secretary's access follows their documents: none while every draft is still a draft.
  const accessesOf = (who: User, statuses: DocumentStatus[]) =>
    statuses.map((status, i) => documentAccess(who, doc(status, `document0000000${i}`), group, undefined, now))

  it('lets the members change them, and nobody else', () => {
    expect(materialAccess(people.member, group, accessesOf(people.member, ['draft']))).toEqual({
      read: true,
      change: true,
    })
    expect(materialAccess(people.chair, group, accessesOf(people.chair, ['draft']))).toEqual({
      read: true,
      change: false,
    })
    expect(materialAccess(people.outsider, group, accessesOf(people.outsider, ['draft']))).toEqual({
      read: false,
      change: false,
    })
  })

  it('shows them to the secretary only once one of the group’s documents is approved', () => {
    expect(materialAccess(people.secretary, group, accessesOf(people.secretary, ['draft', 'submitted']))).toEqual({
      read: false,
      change: false,
    })
    expect(materialAccess(people.secretary, group, accessesOf(people.secretary, ['draft', 'approved']))).toEqual({
      read: true,
      change: false,
    })
  })

  it('shows nothing to a deactivated member', () => {
    const gone = { ...people.member, active: false }
    expect(materialAccess(gone, group, accessesOf(gone, ['draft']))).toEqual({ read: false, change: false })
  })
})
