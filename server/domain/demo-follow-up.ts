/**
 * Demo data for 办理跟踪: a 建议案 of the demo group that went the whole way — saved, submitted,
 * approved, registered as sent — and then received a 领导批示, was referred (转办) and answered
 * (办理反馈), so that a new user opening it sees the timeline. Made through the same use cases as
 * the API (so its audit chain is whole), by the demo's own convener, chair and secretary, and
 * dated in the past so that it sorts below the demo's sample draft. Never for production.
 */
import * as Y from 'yjs'
import type { Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { startDocument } from './documents.js'
import { recordSending } from './exports.js'
import { recordFollowUp } from './follow-up.js'
import { proseMirror } from './prosemirror.js'
import { publicUser } from './public-user.js'
import { saveVersion } from './versions.js'
import { approve, submit } from './workflow.js'
import { writeCreateDetails } from '../../shared/audit-details.js'
import { officeDate } from '../../shared/office-time.js'

const heading = (level: number, text: string) => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })

const sentDraft = {
  type: 'doc',
  content: [
    heading(1, '基本情况'),
    paragraph(
      '全市现有农村寄宿制学校37所，在校学生2.1万人。调研组赴4个县（市、区）走访学校12所，召开座谈会3次，听取教育、财政、卫生健康等部门和师生家长的意见。',
    ),
    heading(1, '存在的问题'),
    paragraph('部分学校生活设施不足，生活教师配备不到位，心理健康教育和课后服务较为薄弱。'),
    heading(1, '意见建议'),
    heading(2, '改善寄宿条件'),
    paragraph('建议将农村寄宿制学校改造纳入市级民生实事项目，三年内完成宿舍、食堂和浴室的提质改造。'),
    heading(2, '配齐生活教师'),
    paragraph('建议按照寄宿生人数核定生活教师编制或购买服务岗位，并将心理健康教育纳入教师培训。'),
  ],
}

/** The demo's people who take part: the group, its convener, its chair and its secretary (user ids). */
export interface DemoFollowUpPeople {
  groupId: string
  convenerId: string
  chairId: string
  secretaryId: string
}

/** YYYY-MM-DD `days` after `date`. */
const plusDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

async function actorOf(deps: Deps, userId: string): Promise<Actor> {
  const user = await deps.metadata.getUser(userId)
  if (!user) throw new Error(`demo follow-up: no user ${userId}`)
  return { user: publicUser(user), sessionIdHash: 'demo-seed' }
}

/**
 * Seeds the sent 建议案 with its follow-up into the demo group; returns its id. Call it after the
 * demo's users and group exist (the convener must convene the group, the chair and the secretary
 * be assigned to it).
 */
export async function seedDemoFollowUp(deps: Deps, people: DemoFollowUpPeople): Promise<string> {
  const [convener, chair, secretary] = await Promise.all(
    [people.convenerId, people.chairId, people.secretaryId].map((id) => actorOf(deps, id)),
  )
  const group = await deps.metadata.getGroup(people.groupId)
  if (!group) throw new Error(`demo follow-up: no group ${people.groupId}`)
  const title = '关于改善农村寄宿制学校办学条件的建议案'
  const ydoc = (await proseMirror()).toYDoc(sentDraft)
  const doc = await startDocument(deps, convener, group, {
    title,
    kind: 'proposal',
    details: writeCreateDetails({ title, template: 'jianyian', groupId: group.id }),
    firstUpdate: Y.encodeStateAsUpdate(ydoc),
  })
  ydoc.destroy()
  const version = await saveVersion(deps, convener, doc.id, '送审稿')
  await submit(deps, convener, doc.id, { versionNumber: version.number, note: '请主席会议审定' })
  await approve(deps, chair, doc.id, '同意，请办公室报送市委、市政府。')
  // Sent 60 days ago on the office's clock; the answers came in the weeks after.
  const sentOn = plusDays(officeDate(new Date(), deps.timeZone), -60)
  await recordSending(deps, secretary, doc.id, {
    documentNumber: `政协××〔${sentOn.slice(0, 4)}〕12号`,
    recipients: '中共××市委、××市人民政府',
    adoptionNote: '',
    signature: '',
    sentOn,
    sentBy: '办公室 刘秘书',
  })
  await recordFollowUp(
    deps,
    secretary,
    doc.id,
    {
      kind: 'instruction',
      date: plusDays(sentOn, 6),
      leader: '周××',
      post: '市委副书记、市长',
      text: '建议案很有针对性。请市教育局牵头，会同市财政局、市人社局认真研究，提出具体落实意见。',
    },
    null,
  )
  await recordFollowUp(
    deps,
    secretary,
    doc.id,
    { kind: 'referral', date: plusDays(sentOn, 9), units: '市教育局、市财政局、市人社局', note: '' },
    null,
  )
  await recordFollowUp(
    deps,
    secretary,
    doc.id,
    {
      kind: 'feedback',
      date: plusDays(sentOn, 45),
      unit: '市教育局',
      text: '已将12所农村寄宿制学校改造列入今年民生实事项目，生活教师按寄宿生人数配备的办法正在制定。',
    },
    null,
  )
  // Below the sample draft in every list sorted by the last change.
  const earlier = new Date(Date.now() - 60 * 86_400_000).toISOString()
  await deps.metadata.updateDocument(doc.id, { updatedAt: earlier })
  return doc.id
}
