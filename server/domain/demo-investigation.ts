/**
 * The demo group's investigation, so that a new user sees the whole shape at once: its topic, a
 * schedule of a visit and two 座谈会, a 调研方案, a 纪要 of each 座谈会, a 调研报告, three materials
 * (a department's report as a PDF, a county's written opinion as a DOCX, a chart as a PNG), and
 * the sample 建议案 citing them. Dated in the spring before the sample draft, which stays first.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import type { DocumentKind } from '../../shared/document-kinds.js'
import { writeCitationTarget, type CitationTarget } from '../../shared/editor/citation-targets.js'
import type { JsonNode } from '../../shared/editor/text.js'
import type { Activity } from '../../shared/investigation.js'
import { materialExtensions, type Material, type MaterialType } from '../../shared/materials.js'
import { exportDocx } from '../export/docx.js'
import type { ExportSource } from '../export/export-source.js'
import { exportPdf } from '../export/pdf.js'
import { barChartPng } from './demo-chart.js'
import type { Deps } from './deps.js'
import { newId } from './ids.js'
import { proseMirror } from './prosemirror.js'

type Inline = string | { text: string; bold?: boolean; cite?: CitationTarget }

const textOf = (part: Inline): JsonNode =>
  typeof part === 'string'
    ? { type: 'text', text: part }
    : {
        type: 'text',
        text: part.text,
        marks: [
          ...(part.bold ? [{ type: 'bold' }] : []),
          ...(part.cite ? [{ type: 'citation', attrs: { target: writeCitationTarget(part.cite) } }] : []),
        ],
      }
export const demoHeading = (level: number, text: string): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})
export const demoParagraph = (...parts: Inline[]): JsonNode =>
  parts.length === 0 ? { type: 'paragraph' } : { type: 'paragraph', content: parts.map(textOf) }
const labelled = (label: string, text: string) => demoParagraph({ text: `${label}：`, bold: true }, text)
const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })

/** What the seeding of the sample draft needs to cite. */
export interface DemoSources {
  report: CitationTarget
  figures: CitationTarget
  opinion: CitationTarget
  chart: CitationTarget
}

interface Seed {
  groupId: string
  groupName: string
  /** The members' ids, the convener first. */
  memberIds: string[]
}

/** A paper's identity in its file properties: any stable SHA-256 will do for a department's paper. */
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex')

const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`).toISOString()

async function seedDocument(
  deps: Deps,
  seed: Seed,
  kind: DocumentKind,
  title: string,
  content: JsonNode,
  day: string,
): Promise<string> {
  const id = newId()
  await deps.metadata.createDocument({
    id,
    title,
    groupId: seed.groupId,
    kind,
    status: 'draft',
    createdAt: at(day),
    updatedAt: at(day, '17:30'),
  })
  const ydoc = (await proseMirror()).toYDoc(content)
  await deps.content.append(id, [Y.encodeStateAsUpdate(ydoc)])
  return id
}

async function seedMaterial(
  deps: Deps,
  seed: Seed,
  file: { bytes: Uint8Array; type: MaterialType },
  description: { title: string; source: string; date: string },
): Promise<CitationTarget> {
  const material: Material = {
    id: newId(),
    groupId: seed.groupId,
    ...description,
    type: file.type,
    fileName: `${description.title}${materialExtensions[file.type]}`,
    size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    addedBy: seed.memberIds[0],
    addedAt: at(description.date, '16:00'),
  }
  await deps.materials.add(material, file.bytes)
  return { kind: 'material', id: material.id }
}

/** A department's paper as a file: a PDF with the office's fonts, or a DOCX where none are installed. */
async function paper(
  source: Omit<ExportSource, 'mark' | 'versionNumber' | 'contentHash' | 'timeZone'>,
  timeZone: string,
) {
  const full: ExportSource = {
    ...source,
    mark: 'approved',
    versionNumber: 1,
    contentHash: hashOf(source.title),
    timeZone,
  }
  try {
    return { bytes: await exportPdf(full), type: 'pdf' as const }
  } catch {
    // The demo must start on a machine without Chinese fonts too: the paper is then a Word file.
    return { bytes: await exportDocx(full), type: 'docx' as const }
  }
}

/** Seeds the investigation of the demo group; returns what the sample 建议案 cites. */
export async function seedDemoInvestigation(deps: Deps, seed: Seed): Promise<DemoSources> {
  // The schedule is kept by a member; the materials were added by the convener (seedMaterial).
  const member1 = seed.memberIds[1]
  await deps.metadata.updateGroup(seed.groupId, { topic: '关于加快推进高标准农田建设的调研' })

  // ── materials ──
  const figures = await seedMaterial(
    deps,
    seed,
    await paper(
      {
        title: '全市高标准农田建设情况汇报',
        content: doc(
          demoHeading(1, '建设进展'),
          demoParagraph(
            '截至2025年底，全市累计建成高标准农田48.6万亩，占耕地面积的52%。其中，2025年新建6.2万亩，改造提升3.1万亩。',
          ),
          demoHeading(1, '资金投入'),
          demoParagraph('2025年全市投入建设资金3.9亿元，亩均投入约1800元；丘陵山区实际建设成本约为每亩3000元。'),
          demoHeading(1, '管护情况'),
          demoParagraph('已建项目中，落实管护主体的占71%，落实管护经费的占46%。'),
        ),
        signature: '市农业农村局',
        date: '2026-02-27',
      },
      deps.timeZone,
    ),
    { title: '全市高标准农田建设情况汇报', source: '市农业农村局', date: '2026-02-27' },
  )
  const opinion = await seedMaterial(
    deps,
    seed,
    {
      bytes: await exportDocx({
        title: '关于高标准农田建后管护的书面意见',
        content: doc(
          demoParagraph(
            '我县现有高标准农田12.4万亩，灌排设施约3600处。由于管护经费未列入县级预算，部分泵站、渠系损毁后长期得不到修复。',
          ),
          demoParagraph(
            '建议按照“谁受益、谁管护”的原则，由乡镇统筹、村级组织具体负责，县财政按每亩每年不低于20元安排管护经费。',
          ),
        ),
        signature: '甲县农业农村局',
        date: '2026-03-06',
        mark: 'approved',
        versionNumber: 1,
        contentHash: hashOf('关于高标准农田建后管护的书面意见'),
        timeZone: deps.timeZone,
      }),
      type: 'docx',
    },
    { title: '关于高标准农田建后管护的书面意见', source: '甲县农业农村局', date: '2026-03-06' },
  )
  const chart = await seedMaterial(
    deps,
    seed,
    { bytes: barChartPng([0.45, 0.62, 0.38, 0.8, 0.55, 0.7]), type: 'png' },
    { title: '六县（市、区）亩均投入对比图', source: '调研组根据市财政局数据整理', date: '2026-03-20' },
  )

  // ── schedule and its minutes ──
  const plan = doc(
    demoHeading(1, '调研目的'),
    demoParagraph(
      '摸清全市高标准农田建设和建后管护的现状，找准投入标准偏低、管护机制不健全等问题的症结，提出务实管用的对策建议。',
    ),
    demoHeading(1, '调研内容'),
    demoParagraph('建设投入标准和资金筹措；建后管护主体、责任和经费；工程质量和使用效果。'),
    demoHeading(1, '调研方式'),
    demoParagraph('赴县（市、区）实地走访，召开部门座谈会和种粮大户、村干部座谈会，书面征询有关部门意见。'),
    demoHeading(1, '时间安排'),
    demoParagraph('3月上旬实地调研，3月中下旬召开座谈会，4月上旬形成调研报告，4月中旬形成建议案初稿。'),
    demoHeading(1, '组织分工'),
    demoParagraph('王组长负责总体协调，李委员负责部门座谈和材料收集，张委员负责基层走访和调研报告执笔。'),
    demoParagraph(),
    demoParagraph(seed.groupName),
    demoParagraph('2026年2月25日'),
  )
  await seedDocument(deps, seed, 'plan', '关于加快推进高标准农田建设的调研方案', plan, '2026-02-25')

  const activity = async (
    fields: Omit<Activity, 'id' | 'groupId' | 'minutesId' | 'createdBy' | 'createdAt' | 'updatedAt'>,
    minutes: string | null,
  ) => {
    const record: Activity = {
      ...fields,
      id: newId(),
      groupId: seed.groupId,
      minutesId: minutes,
      createdBy: member1,
      createdAt: at(fields.date, '08:00'),
      updatedAt: at(fields.date, '08:00'),
    }
    await deps.metadata.putActivity(record)
  }
  await activity(
    {
      activityKind: 'visit',
      title: '赴甲县乙镇实地调研',
      date: '2026-03-05',
      place: '甲县乙镇高标准农田示范区',
      host: '王组长',
      participants: '调研组全体成员、甲县农业农村局',
      notes: '查看灌排设施和田间道路，走访种粮大户',
    },
    null,
  )
  const forumMinutes = await seedDocument(
    deps,
    seed,
    'minutes',
    '农业农村部门座谈会纪要',
    doc(
      labelled('时间', '2026年3月12日上午'),
      labelled('地点', '市政协三楼会议室'),
      labelled('主持人', '王组长'),
      labelled('参加人员', '市农业农村局、市财政局、市水利局有关负责同志，调研组成员'),
      demoHeading(1, '会议议题'),
      demoParagraph('听取有关部门关于高标准农田建设投入和建后管护的情况介绍，研究存在的问题。'),
      demoHeading(1, '发言摘要'),
      demoParagraph(
        { text: '市农业农村局：', bold: true },
        '全市亩均投入约1800元，丘陵山区实际成本约3000元，缺口主要靠压缩建设内容弥补。',
      ),
      demoParagraph({ text: '市财政局：', bold: true }, '将研究建立与建设成本相适应的投入增长机制，统筹整合涉农资金。'),
      demoParagraph({ text: '市水利局：', bold: true }, '部分灌排设施管护主体不明确，建议将管护经费纳入县级财政预算。'),
      demoHeading(1, '会议共识和下一步工作'),
      demoParagraph('与会同志一致认为，提高投入标准、健全管护机制是当前的关键。调研组将据此起草调研报告。'),
    ),
    '2026-03-12',
  )
  await activity(
    {
      activityKind: 'forum',
      title: '农业农村部门座谈会',
      date: '2026-03-12',
      place: '市政协三楼会议室',
      host: '王组长',
      participants: '市农业农村局、市财政局、市水利局',
      notes: '',
    },
    forumMinutes,
  )
  const farmersMinutes = await seedDocument(
    deps,
    seed,
    'minutes',
    '种粮大户和村干部座谈会纪要',
    doc(
      labelled('时间', '2026年3月26日下午'),
      labelled('地点', '甲县乙镇便民服务中心'),
      labelled('主持人', '张委员'),
      labelled('参加人员', '种粮大户代表6人、村干部4人，调研组成员'),
      demoHeading(1, '会议议题'),
      demoParagraph('听取基层对高标准农田建设质量和管护的意见。'),
      demoHeading(1, '发言摘要'),
      demoParagraph(
        { text: '种粮大户代表：', bold: true },
        '机耕路建好后农机能下田了，但有的渠道第二年就渗漏，没人来修。',
      ),
      demoParagraph(
        { text: '村干部代表：', bold: true },
        '村里没有管护经费，只能靠群众投工投劳，希望明确管护责任和经费来源。',
      ),
      demoHeading(1, '会议共识和下一步工作'),
      demoParagraph('基层普遍反映建后管护是短板，调研组将在建议案中重点提出。'),
    ),
    '2026-03-26',
  )
  await activity(
    {
      activityKind: 'forum',
      title: '种粮大户和村干部座谈会',
      date: '2026-03-26',
      place: '甲县乙镇便民服务中心',
      host: '张委员',
      participants: '种粮大户代表、村干部',
      notes: '',
    },
    farmersMinutes,
  )

  // ── the report the 建议案 condenses ──
  const reportId = await seedDocument(
    deps,
    seed,
    'report',
    '关于加快推进高标准农田建设的调研报告',
    doc(
      demoParagraph(
        '按照年度工作安排，调研组于2026年3月赴6个县（市、区）开展调研，召开座谈会2次，书面征询有关部门意见。',
      ),
      demoHeading(1, '基本情况'),
      demoParagraph(
        '全市累计建成高标准农田48.6万亩，',
        { text: '占耕地面积的52%', cite: figures },
        '，粮食综合生产能力稳步提升。',
      ),
      demoHeading(1, '主要问题'),
      demoParagraph(
        { text: '亩均投入约1800元，与丘陵山区实际建设成本差距较大', cite: chart },
        '；',
        { text: '建后管护经费未列入县级预算', cite: opinion },
        '。',
      ),
      demoHeading(1, '原因分析'),
      demoParagraph('投入标准多年未调整，管护责任在县、乡、村之间没有明确分工。'),
      demoHeading(1, '对策建议'),
      demoParagraph('建立稳定增长的投入机制；按照“谁受益、谁管护”的原则落实管护主体和经费。'),
      demoParagraph(),
      demoParagraph(seed.groupName),
      demoParagraph('2026年4月8日'),
    ),
    '2026-04-08',
  )
  return { report: { kind: 'document', id: reportId }, figures, opinion, chart }
}
