/**
 * A group's investigation space against the real server: the topic and the schedule of
 * activities, kept by the group's members, read by its chair and secretary, unknown to others;
 * bad input refused naming the field; every change on the system audit chain.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Activity, ActivityList } from '../../shared/investigation.js'
import type { GroupDetail } from '../../shared/schema.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced } from '../helpers/peers.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
let chair: Session
let secretary: Session
let groupId: string

const forum = {
  activityKind: 'forum',
  title: '农业农村部门座谈会',
  date: '2026-03-12',
  place: '市政协三楼会议室',
  host: '张组长',
  participants: '市农业农村局、市财政局、市水利局',
  notes: '请各部门准备书面材料',
}

const post = (s: Session, body: unknown, expect = 201) =>
  s.json<Activity>(`/groups/${groupId}/activities`, { method: 'POST', body: JSON.stringify(body), expect })

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, chair, secretary] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi', 'mishu'].map((u) => login(server, u)),
  )
  groupId = (await demoGroup(convener)).groupId
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

describe('the investigation space of a group', () => {
  it('a member names the topic; the group page shows it to the chair, who may not change it', async () => {
    await member.json(`/groups/${groupId}/topic`, {
      method: 'PUT',
      body: JSON.stringify({ topic: '  关于加快高标准农田建设的调研  ' }),
      expect: 200,
    })
    const seen = await chair.json<GroupDetail>(`/groups/${groupId}`, { expect: 200 })
    expect(seen.topic).toBe('关于加快高标准农田建设的调研')
    expect(seen.canKeepSpace).toBe(false)
    expect((await member.json<GroupDetail>(`/groups/${groupId}`, { expect: 200 })).canKeepSpace).toBe(true)
    const refused = await chair.json<{ error: { reason: string } }>(`/groups/${groupId}/topic`, {
      method: 'PUT',
      body: JSON.stringify({ topic: '别的课题' }),
      expect: 403,
    })
    expect(refused.error.reason).toBe('group_members_only')
  })

  it('lists activities by date to the secretary; a member changes one and removes another', async () => {
    const visit = await post(convener, { ...forum, activityKind: 'visit', title: '赴甲县实地调研', date: '2026-04-02' })
    const first = await post(member, forum)
    expect(first).toMatchObject({ ...forum, groupId, minutesId: null, createdBy: member.userId })

    // Among the demo's own, by date.
    const ours = (list: ActivityList) => list.activities.filter((a) => a.id === visit.id || a.id === first.id)
    const listed = await secretary.json<ActivityList>(`/groups/${groupId}/activities`, { expect: 200 })
    expect(ours(listed).map((a) => a.title)).toEqual(['农业农村部门座谈会', '赴甲县实地调研'])
    const dates = listed.activities.map((a) => a.date)
    expect(dates).toEqual([...dates].sort())

    const changed = await convener.json<Activity>(`/groups/${groupId}/activities/${visit.id}`, {
      method: 'PUT',
      body: JSON.stringify({ ...forum, activityKind: 'visit', title: '赴甲县实地调研', date: '2026-02-20' }),
      expect: 200,
    })
    expect(changed).toMatchObject({ id: visit.id, date: '2026-02-20', createdBy: convener.userId })
    await member.json(`/groups/${groupId}/activities/${first.id}`, { method: 'DELETE', expect: 204 })
    const after = await chair.json<ActivityList>(`/groups/${groupId}/activities`, { expect: 200 })
    expect(ours(after).map((a) => [a.title, a.date])).toEqual([['赴甲县实地调研', '2026-02-20']])
    await member.json(`/groups/${groupId}/activities/${first.id}`, { method: 'DELETE', expect: 404 })
  })

  it('refuses bad input naming the field, and stores nothing', async () => {
    const before = (await member.json<ActivityList>(`/groups/${groupId}/activities`, { expect: 200 })).activities
    const cases: [Record<string, unknown>, string][] = [
      [{ ...forum, date: '2026-13-40' }, 'date'],
      [{ ...forum, title: '   ' }, 'title'],
      [{ ...forum, activityKind: 'party' }, 'activityKind'],
      [{ ...forum, participants: '人'.repeat(1001) }, 'participants'],
      [{ ...forum, place: undefined }, 'place'],
    ]
    for (const [body, field] of cases) {
      const answer = await post(member, body, 400)
      expect((answer as unknown as { error: { field: string } }).error.field, JSON.stringify(body)).toBe(field)
    }
    expect((await member.json<ActivityList>(`/groups/${groupId}/activities`, { expect: 200 })).activities).toEqual(
      before,
    )
  })

  it('an activity id of another group is unknown in this one', async () => {
    const admin = await login(server, 'admin')
    const other = await admin.json<{ id: string }>('/groups', {
      method: 'POST',
      body: JSON.stringify({ name: '另一个调研组' }),
      expect: 201,
    })
    const [activity] = (await member.json<ActivityList>(`/groups/${groupId}/activities`, { expect: 200 })).activities
    // The admin may see the other group, not keep it: 403 there, and the activity is not of it anyway.
    await admin.json(`/groups/${other.id}/activities/${activity.id}`, { method: 'DELETE', expect: 403 })
    await admin.json(`/groups/${other.id}/activities`, { expect: 200 })
    // A member of the demo group does not see the other group at all.
    await member.json(`/groups/${other.id}/activities/${activity.id}`, {
      method: 'PUT',
      body: JSON.stringify(forum),
      expect: 404,
    })
  })

  it('the convener starts the 纪要 of a 座谈会 with its header lines filled in, once', async () => {
    const forumHeld = await post(member, { ...forum, title: '财政部门座谈会', date: '2026-03-18' })
    const path = `/groups/${groupId}/activities/${forumHeld.id}/minutes`
    const refused = await member.json<{ error: { reason: string } }>(path, { method: 'POST', expect: 403 })
    expect(refused.error.reason).toBe('create_forbidden')

    const linked = await convener.json<Activity>(path, { method: 'POST', expect: 201 })
    expect(linked.minutesId).toEqual(expect.any(String))
    const minutes = await member.json<{ title: string; kind: string; status: string }>(
      `/documents/${linked.minutesId}`,
      { expect: 200 },
    )
    expect(minutes).toMatchObject({ title: '财政部门座谈会纪要', kind: 'minutes', status: 'draft' })
    const peer = connectPeer(server.wsUrl, linked.minutesId!, { headers: { cookie: member.cookie } })
    try {
      await waitSynced([peer])
      const lines = peer.doc
        .getXmlFragment('default')
        .toArray()
        .slice(0, 4)
        .map((block) => (block as unknown as { toString(): string }).toString().replace(/<[^>]+>/g, ''))
      expect(lines).toEqual([
        '时间：2026年3月18日',
        '地点：市政协三楼会议室',
        '主持人：张组长',
        '参加人员：市农业农村局、市财政局、市水利局',
      ])
    } finally {
      peer.destroy()
    }
    const again = await convener.json<{ error: { reason: string } }>(path, { method: 'POST', expect: 409 })
    expect(again.error.reason).toBe('minutes_exist')
    const listed = await chair.json<ActivityList>(`/groups/${groupId}/activities`, { expect: 200 })
    expect(listed.activities.find((a) => a.id === forumHeld.id)?.minutesId).toBe(linked.minutesId)
  })

  it('puts every change on the system audit chain, naming the group and the activity', () => {
    const data = JSON.parse(readFileSync(join(server.dataDir, 'metadata.json'), 'utf8')) as {
      audit: { documentId: string; action: string; details: string }[]
    }
    const space = data.audit.filter(
      (e) =>
        e.documentId === '_system-audit___' &&
        ['topic_set', 'activity_add', 'activity_change', 'activity_remove'].includes(e.action),
    )
    expect(space.map((e) => e.action)).toEqual([
      'topic_set',
      'activity_add',
      'activity_add',
      'activity_change',
      'activity_remove',
      'activity_add',
      'activity_change',
    ])
    expect(space[6].details).toMatch(/财政部门座谈会 \(\S+\) minutes \S+$/)
    expect(space[0].details).toContain('关于加快高标准农田建设的调研')
    expect(space[4].details).toContain('2026-03-12 农业农村部门座谈会')
  })
})
