/**
 * Sets the closing 署名 and 成文日期 of a draft as GB/T 9704 7.3.5 places them: right-aligned,
 * the 署名 右空二字 and the date two cells to the right of the 署名's first character. Found by
 * their shape (shared/editor/template.ts), so no attribute is stored: only how they look changes.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { signatureBlock, signatureGaps } from '../../../shared/editor/template.js'

const signatureKey = new PluginKey<DecorationSet>('signatureBlock')

function decorate(doc: ProseMirrorNode): DecorationSet {
  // Only the last top-level blocks can close the text: read the last two that hold text, and the empty ones after them.
  const tail: { pos: number; node: ProseMirrorNode }[] = []
  let pos = doc.content.size
  let filled = 0
  for (let index = doc.childCount - 1; index >= 0 && filled < 2; index--) {
    const node = doc.child(index)
    pos -= node.nodeSize
    tail.unshift({ pos, node })
    if (node.textContent.trim()) filled++
  }
  const found = signatureBlock(tail.map(({ node }) => (node.type.name === 'paragraph' ? node.textContent : '')))
  if (!found) return DecorationSet.empty
  const date = tail[found.date]
  const signature = found.signature === null ? null : tail[found.signature]
  const gaps = signatureGaps(signature?.node.textContent ?? null, date.node.textContent)
  const line = (block: { pos: number; node: ProseMirrorNode }, gap: number, kind: string) =>
    Decoration.node(block.pos, block.pos + block.node.nodeSize, {
      class: `signature-line signature-line--${kind}`,
      style: `padding-right: ${gap}em`,
    })
  const decorations = [line(date, gaps.date, 'date')]
  if (signature) decorations.unshift(line(signature, gaps.signature, 'name'))
  return DecorationSet.create(doc, decorations)
}

export const SignatureBlock = Extension.create({
  name: 'signatureBlock',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: signatureKey,
        state: {
          init: (_config, state) => decorate(state.doc),
          apply: (tr, previous) => (tr.docChanged ? decorate(tr.doc) : previous),
        },
        props: { decorations: (state) => signatureKey.getState(state) },
      }),
    ]
  },
})
