/** 引用: the mark's target, read strictly; the targets of a content found once each; the mark survives Yjs. */
import { describe, expect, it } from 'vitest'
import { citedTargets, readCitationTarget } from '../../shared/editor/citation-targets.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { proseMirror } from '../../server/domain/prosemirror.js'

const material = 'material:AAAAAAAAAAAAAAAA'
const report = 'document:BBBBBBBBBBBBBBBB'
const cited = (text: string, target: string): JsonNode => ({
  type: 'text',
  text,
  marks: [{ type: 'citation', attrs: { target } }],
})

describe('citations', () => {
  it('reads only material:ID and document:ID', () => {
    expect(readCitationTarget(material)).toEqual({ kind: 'material', id: 'AAAAAAAAAAAAAAAA' })
    expect(readCitationTarget(report)).toEqual({ kind: 'document', id: 'BBBBBBBBBBBBBBBB' })
    for (const bad of [
      '',
      'material:',
      'material:short',
      'user:AAAAAAAAAAAAAAAA',
      `${material}:x`,
      'javascript:alert(1)',
      42,
      null,
    ]) {
      expect(readCitationTarget(bad), String(bad)).toBeNull()
    }
  })

  it('lists what a content cites, once each, in the order first cited, inside tables too', () => {
    const content: JsonNode = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [cited('亩均投入', report), { type: 'text', text: '差距较大' }, cited('测算表', material)],
        },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [cited('再引一次', report)] }] }],
            },
          ],
        },
        { type: 'paragraph', content: [cited('坏的', 'user:AAAAAAAAAAAAAAAA')] },
      ],
    }
    expect(citedTargets(content)).toEqual([
      { kind: 'document', id: 'BBBBBBBBBBBBBBBB' },
      { kind: 'material', id: 'AAAAAAAAAAAAAAAA' },
    ])
  })

  it('keeps the mark through the Y.Doc every editor shares', async () => {
    const kit = await proseMirror()
    const content = { type: 'doc', content: [{ type: 'paragraph', content: [cited('管护经费', material)] }] }
    const back = kit.toJson(kit.toYDoc(content)) as JsonNode
    expect(citedTargets(back)).toEqual([{ kind: 'material', id: 'AAAAAAAAAAAAAAAA' }])
    expect(back.content?.[0].content?.[0].text).toBe('管护经费')
  })
})
