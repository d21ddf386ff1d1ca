/**
 * 公文 proofreading while one types: the rules of shared/editor/proofreading run over each text
 * block, their findings are underlined, and a fix is one ordinary editor transaction (so it
 * syncs to everyone and undoes like typing). Blocks are checked again only when they change: the
 * results are cached per ProseMirror node, which stays the same object while its text does.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { proofread, ruleIds, type RuleId } from '../../../shared/editor/proofreading/index.js'
import { t } from '../../i18n/i18n.js'
import { issueAt, proofreadingKey, type PlacedIssue, type ProofState } from './proofreading-issues.js'

export interface ProofreadingOptions {
  /** The rules switched on when the editor starts; setProofreadingRules changes them. */
  enabled: ReadonlySet<RuleId>
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    proofreading: {
      /** Applies the fix of the issue at `pos` (default: the cursor). */
      applyProofFix: (pos?: number) => ReturnType
      setProofreadingRules: (enabled: ReadonlySet<RuleId>) => ReturnType
    }
  }
}

/** What stands for an inline leaf in the checked text: one character, as it takes one position. */
const leafText = (leaf: ProseMirrorNode): string => (leaf.type.name === 'hardBreak' ? '\n' : '\ufffc')

/** The text of a text block with one character per position. */
function blockText(node: ProseMirrorNode): string {
  let text = ''
  node.forEach((child) => {
    text += child.isText ? child.text! : leafText(child)
  })
  return text
}

const cache = new WeakMap<ProseMirrorNode, { key: string; issues: PlacedIssue[] }>()

function findIssues(doc: ProseMirrorNode, enabled: ReadonlySet<RuleId>): PlacedIssue[] {
  const key = ruleIds.filter((id) => enabled.has(id)).join()
  const placed: PlacedIssue[] = []
  if (!key) return placed
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    if (node.type.spec.code) return false // a code block is not prose
    let cached = cache.get(node)
    if (!cached || cached.key !== key) {
      const text = blockText(node)
      const kind = node.type.name === 'heading' ? 'heading' : 'paragraph'
      const issues = proofread(text, (rule) => enabled.has(rule), kind).map((issue) => ({
        ...issue,
        original: text.slice(issue.from, issue.to),
      }))
      cached = { key, issues }
      cache.set(node, cached)
    }
    for (const issue of cached.issues) placed.push({ ...issue, from: pos + 1 + issue.from, to: pos + 1 + issue.to })
    return false
  })
  return placed
}

function stateOf(doc: ProseMirrorNode, enabled: ReadonlySet<RuleId>): ProofState {
  const issues = findIssues(doc, enabled)
  const decorations = issues.map((issue) =>
    Decoration.inline(
      issue.from,
      issue.to,
      {
        class: `proof-issue${issue.original.trim() === '' ? ' proof-issue--space' : ''}`,
        'data-proof-rule': issue.rule,
        title: t(`proofreading.message.${issue.message}`),
      },
      { issue },
    ),
  )
  return { enabled, issues, decorations: DecorationSet.create(doc, decorations), stale: false }
}

/**
 * While a Chinese IME composes (pinyin letters not yet turned into 汉字), new underlines around
 * the composed text would break the composition: the findings only move with the text, and the
 * text is checked again by the first transaction after the composition.
 */
function mapped(tr: Transaction, previous: ProofState): ProofState {
  const issues = previous.issues.flatMap((issue) => {
    const from = tr.mapping.map(issue.from, 1)
    const to = tr.mapping.map(issue.to, -1)
    return from < to ? [{ ...issue, from, to }] : []
  })
  return { ...previous, issues, decorations: previous.decorations.map(tr.mapping, tr.doc), stale: true }
}

export const Proofreading = Extension.create<ProofreadingOptions>({
  name: 'proofreading',

  addOptions() {
    return { enabled: new Set(ruleIds) }
  },

  addCommands() {
    return {
      applyProofFix:
        (pos) =>
        ({ state, tr, dispatch }) => {
          const issue = issueAt(state, pos ?? state.selection.head)
          if (!issue || issue.fix === null) return false
          // Someone may have changed these characters since they were checked.
          if (state.doc.textBetween(issue.from, issue.to, '\n', leafText) !== issue.original) return false
          if (dispatch) {
            if (issue.fix === '') tr.delete(issue.from, issue.to)
            else tr.insertText(issue.fix, issue.from, issue.to)
          }
          return true
        },
      setProofreadingRules:
        (enabled) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(proofreadingKey, { enabled })
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    return { 'Alt-Enter': () => this.editor.commands.applyProofFix() }
  },

  addProseMirrorPlugins() {
    const initial = this.options.enabled
    return [
      new Plugin<ProofState>({
        key: proofreadingKey,
        state: {
          init: (_config, state) => stateOf(state.doc, initial),
          apply: (tr, previous) => {
            const meta = tr.getMeta(proofreadingKey) as { enabled: ReadonlySet<RuleId> } | undefined
            if (meta) return stateOf(tr.doc, meta.enabled)
            if (tr.getMeta('composition') !== undefined) return tr.docChanged ? mapped(tr, previous) : previous
            return tr.docChanged || previous.stale ? stateOf(tr.doc, previous.enabled) : previous
          },
        },
        props: {
          decorations: (state) => proofreadingKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})
