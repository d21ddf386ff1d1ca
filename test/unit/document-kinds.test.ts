/** The kinds of document: each kind's template and title, the 纪要 header lines, and the workflow only a 建议案 has. */
import { describe, expect, it } from 'vitest'
import { documentKinds, kindOf } from '../../shared/document-kinds.js'
import { numberedHeadings, type HeadingSource } from '../../shared/editor/heading-numbers.js'
import { meetingField } from '../../shared/editor/meeting-fields.js'
import { signatureBlock, templateContent, templateTitles, tidyTitle } from '../../shared/editor/template.js'
import { textBlocks } from '../../shared/editor/text.js'
import { DocumentTitle } from '../../shared/schema.js'
import {
  goesThroughApproval,
  transition,
  workflowActions,
  workflowRoles,
  workflowStates,
} from '../../shared/workflow.js'

const numbers = (kind: (typeof documentKinds)[number]) =>
  numberedHeadings(templateContent('template', kind, '农业农村调研组') as HeadingSource).map(
    (heading) => heading.number + heading.text,
  )

describe('each kind’s template', () => {
  it('gives the 建议案 the template it always had', () => {
    expect(templateContent('template', 'proposal')).toEqual(templateContent('jianyian'))
    expect(numbers('proposal')).toEqual(['一、基本情况', '二、存在的问题', '三、意见建议'])
  })

  it('gives the 调研报告 基本情况 / 主要问题 / 原因分析 / 对策建议, signed by the group and with no 主送机关', () => {
    expect(numbers('report')).toEqual(['一、基本情况', '二、主要问题', '三、原因分析', '四、对策建议'])
    const blocks = textBlocks(templateContent('template', 'report', '农业农村调研组'))
    expect(blocks.slice(-2)).toEqual(['农业农村调研组', '××××年×月×日'])
    expect(signatureBlock(blocks)).toEqual({ signature: blocks.length - 2, date: blocks.length - 1 })
    expect(blocks.some((line) => /[：:]$/.test(line))).toBe(false)
    // Without a group's name the 署名 is a gap to fill.
    expect(textBlocks(templateContent('template', 'report')).at(-2)).toBe('××调研组')
  })

  it('opens the 座谈会纪要 with 时间 / 地点 / 主持人 / 参加人员, then 发言摘要 by speaker, and no 署名', () => {
    const content = templateContent('template', 'minutes')
    const blocks = textBlocks(content)
    expect(blocks.slice(0, 4)).toEqual(['时间：', '地点：', '主持人：', '参加人员：'])
    expect(blocks.slice(0, 4).map((line) => meetingField(line)?.label)).toEqual(['时间', '地点', '主持人', '参加人员'])
    // The labels are bold, like the speakers that open each summary.
    const first = content.content![0].content![0]
    expect(first.marks).toEqual([{ type: 'bold' }])
    expect(numbers('minutes')).toEqual(['一、会议议题', '二、发言摘要', '三、会议共识和下一步工作'])
    const speaker = content.content!.find((node) => node.content?.[0].text === '××局××同志：')
    expect(speaker?.content?.[0].marks).toEqual([{ type: 'bold' }])
    expect(signatureBlock(blocks)).toBeNull()
  })

  it('gives the 调研方案 目的, 内容, 方式, 日程, 分工 and 要求, signed by the group', () => {
    expect(numbers('plan')).toEqual([
      '一、调研目的',
      '二、调研内容',
      '三、调研方式',
      '四、时间安排',
      '五、组织分工',
      '六、工作要求',
    ])
    expect(textBlocks(templateContent('template', 'plan', '农业农村调研组')).slice(-2)).toEqual([
      '农业农村调研组',
      '××××年×月×日',
    ])
  })

  it('is one empty paragraph when blank, whatever the kind', () => {
    for (const kind of documentKinds)
      expect(templateContent('blank', kind)).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] })
  })
})

describe('each kind’s suggested title', () => {
  it('is refused as a title until its …… is replaced', () => {
    for (const kind of documentKinds) {
      expect(DocumentTitle.safeParse(templateTitles[kind]).success, kind).toBe(false)
      expect(DocumentTitle.parse(templateTitles[kind].replace('……', '高标准农田建设'))).toBe(
        templateTitles[kind].replace('……', '高标准农田建设'),
      )
    }
  })

  it('is not doubled by a whole title typed into its gap', () => {
    const over = (kind: keyof typeof templateTitles, typed: string) =>
      tidyTitle(templateTitles[kind].replace('……', typed)).title
    expect(over('report', '关于高标准农田建设的调研报告')).toBe('关于高标准农田建设的调研报告')
    expect(over('report', '高标准农田建设的')).toBe('关于高标准农田建设的调研报告')
    expect(over('plan', '关于高标准农田建设的调研方案')).toBe('关于高标准农田建设的调研方案')
    expect(over('minutes', '高标准农田建设座谈会纪要')).toBe('高标准农田建设座谈会纪要')
    expect(over('minutes', '高标准农田建设座谈会')).toBe('高标准农田建设座谈会纪要')
  })
})

describe('the 纪要 header lines', () => {
  it('are recognised by their label and colon, spaces inside the label allowed', () => {
    expect(meetingField('时间：2025年3月12日上午')).toEqual({ label: '时间', valueStart: 3 })
    expect(meetingField('时\u3000间：2025年3月12日')).toEqual({ label: '时间', valueStart: 4 })
    expect(meetingField('参加人员:市农业农村局张三')).toEqual({ label: '参加人员', valueStart: 5 })
    expect(meetingField('记录人：李四')?.label).toBe('记录人')
  })

  it('are not any paragraph with a colon', () => {
    for (const text of ['会议时间定在下午。', '主持人王××说：', '时间紧、任务重：', ''])
      expect(meetingField(text)).toBeNull()
  })
})

describe('the workflow by kind', () => {
  it('takes a 建议案 through 送审 and 审定, and a document made before kinds is one', () => {
    expect(goesThroughApproval('proposal')).toBe(true)
    expect(kindOf({})).toBe('proposal')
    expect(transition('draft', 'submit', 'convener', 'proposal')).toEqual({ ok: true, to: 'submitted' })
  })

  it('refuses every step to every role on a 调研报告, 座谈会纪要 or 调研方案, saying it is the kind', () => {
    for (const kind of ['report', 'minutes', 'plan'] as const) {
      expect(goesThroughApproval(kind)).toBe(false)
      for (const state of workflowStates)
        for (const action of workflowActions)
          for (const role of workflowRoles) {
            const result = transition(state, action, role, kind)
            expect(result.ok).toBe(false)
            if (!result.ok) expect([result.status, result.why]).toEqual([409, 'kind'])
          }
    }
  })
})
