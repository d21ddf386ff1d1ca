/**
 * `npm start -- --demo`: one research group with every role, its investigation (demo-investigation.ts)
 * and a sample 建议案 citing it, so that a new user can try each role at once. Never for production:
 * every password is `jianyi-demo`.
 */
import * as Y from 'yjs'
import type { Role } from '../../shared/schema.js'
import type { Deps } from './deps.js'
import { createGroup, updateGroup } from './groups.js'
import { newId } from './ids.js'
import { createUser } from './users.js'
import { proseMirror } from './prosemirror.js'
import { seedDemoInvestigation } from './demo-investigation.js'
import { seedDemoFollowUp } from './demo-follow-up.js'
import { writeCitationTarget, type CitationTarget } from '../../shared/editor/citation-targets.js'
import type { JsonNode } from '../../shared/editor/text.js'

export const demoPassword = 'jianyi-demo'

const people: { username: string; displayName: string; role: Role }[] = [
  { username: 'admin', displayName: '管理员', role: 'admin' },
  { username: 'zuzhang', displayName: '王组长', role: 'member' },
  { username: 'chengyuan1', displayName: '李委员', role: 'member' },
  { username: 'chengyuan2', displayName: '张委员', role: 'member' },
  { username: 'zhuxi', displayName: '陈主席', role: 'chair' },
  { username: 'mishu', displayName: '刘秘书', role: 'secretary' },
  { username: 'zhengqiu', displayName: '赵处长（农业农村局）', role: 'commenter' },
]

const heading = (level: number, text: string) => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })

/** A short but realistic 建议案 draft. */
export const sampleDraft = {
  type: 'doc',
  content: [
    heading(1, '基本情况'),
    paragraph(
      '近年来，我市深入实施“藏粮于地、藏粮于技”战略，累计建成高标准农田48.6万亩，占耕地面积的52%，粮食综合生产能力稳步提升。调研组先后赴6个县（市、区）实地走访，召开座谈会5次，听取农业农村、财政、水利等部门和种粮大户的意见。',
    ),
    heading(1, '存在的问题'),
    heading(2, '建设投入标准偏低'),
    paragraph('亩均投入与丘陵山区实际建设成本差距较大，部分项目压缩建设内容，影响工程质量和使用年限。'),
    heading(2, '建后管护机制不健全'),
    paragraph('管护主体、管护责任和管护经费落实不到位，部分灌排设施损毁后长期得不到修复。'),
    heading(1, '意见建议'),
    heading(2, '多渠道加大资金投入'),
    paragraph('建议市财政建立稳定增长的投入机制，统筹整合涉农资金，引导金融和社会资本参与高标准农田建设。'),
    heading(2, '健全建后管护长效机制'),
    paragraph('建议明确县级政府管护主体责任，按照“谁受益、谁管护”的原则落实管护经费，将管护情况纳入乡村振兴实绩考核。'),
  ],
}

/**
 * The sample draft with words citing the investigation's sources (引用): each phrase, where it
 * first occurs in a paragraph, is split out of its text and marked.
 */
export function citingSample(
  content: typeof sampleDraft,
  cites: { words: string; target: CitationTarget }[],
): JsonNode {
  const cite = (node: JsonNode): JsonNode => {
    if (node.type !== 'paragraph' || !node.content) return node
    const parts: JsonNode[] = []
    for (const child of node.content) {
      let rest = child.text ?? ''
      if (child.type !== 'text') {
        parts.push(child)
        continue
      }
      for (const { words, target } of cites) {
        const at = rest.indexOf(words)
        if (at === -1) continue
        if (at > 0) parts.push({ ...child, text: rest.slice(0, at) })
        parts.push({
          ...child,
          text: words,
          marks: [...(child.marks ?? []), { type: 'citation', attrs: { target: writeCitationTarget(target) } }],
        })
        rest = rest.slice(at + words.length)
      }
      if (rest) parts.push({ ...child, text: rest })
    }
    return { ...node, content: parts }
  }
  return { ...content, content: content.content.map((node) => cite(node as JsonNode)) }
}

/** Seeds the demo into an empty data directory; refuses when any user exists. */
export async function seedDemo(deps: Deps): Promise<void> {
  if ((await deps.metadata.countUsers()) > 0) {
    throw new Error('--demo seeds only an empty data directory; this one already has users')
  }
  const ids = new Map<string, string>()
  for (const person of people) {
    const user = await createUser(deps, null, { ...person, password: demoPassword })
    ids.set(person.username, user.id)
  }
  const id = (username: string) => ids.get(username)!
  const group = await createGroup(deps, null, '农业农村调研组')
  await updateGroup(deps, null, group.id, {
    members: [
      { userId: id('zuzhang'), convener: true },
      { userId: id('chengyuan1'), convener: false },
      { userId: id('chengyuan2'), convener: false },
    ],
    chairIds: [id('zhuxi')],
    secretaryIds: [id('mishu')],
  })
  const sources = await seedDemoInvestigation(deps, {
    groupId: group.id,
    groupName: group.name,
    memberIds: [id('zuzhang'), id('chengyuan1'), id('chengyuan2')],
  })
  const now = new Date().toISOString()
  const docId = newId()
  await deps.metadata.createDocument({
    id: docId,
    title: '关于加强我市高标准农田建设的建议案',
    groupId: group.id,
    status: 'draft',
    createdAt: now,
    updatedAt: now,
  })
  const ydoc = (await proseMirror()).toYDoc(
    citingSample(sampleDraft, [
      { words: '累计建成高标准农田48.6万亩', target: sources.figures },
      { words: '召开座谈会5次', target: sources.report },
      { words: '亩均投入与丘陵山区实际建设成本差距较大', target: sources.chart },
      { words: '部分灌排设施损毁后长期得不到修复', target: sources.opinion },
    ]) as Record<string, unknown>,
  )
  await deps.content.append(docId, [Y.encodeStateAsUpdate(ydoc)])
  await deps.metadata.putInvitation({
    documentId: docId,
    userId: id('zhengqiu'),
    invitedBy: id('zuzhang'),
    until: null,
    createdAt: now,
  })
  // A 建议案 that went the whole way, with its 批示 and 办理反馈, so a new user sees the timeline.
  await seedDemoFollowUp(deps, {
    groupId: group.id,
    convenerId: id('zuzhang'),
    chairId: id('zhuxi'),
    secretaryId: id('mishu'),
  })
}
