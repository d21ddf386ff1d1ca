/**
 * 公文 proofreading while one types: the rules of shared/editor/proofreading run over each text
 * block, their findings are underlined, and a fix is one ordinary editor transaction (so it
 * syncs to everyone and undoes like typing). Only the blocks a change touched are checked again
 * (changed-range.ts), and their results are cached per ProseMirror node, which stays the same
 * object while its text does.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { proofread, ruleIds, type RuleId } from '../../../shared/editor/proofreading/index.js'
import { t } from '../../i18n/i18n.js'
import { changedRange, textblocksIn } from './changed-range.js'
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

/** The rules switched on, as a cache key. */
const rulesKey = (enabled: ReadonlySet<RuleId>): string => ruleIds.filter((id) => enabled.has(id)).join()

/** The issues of one text block at `pos`, from the cache while the block is the same node. */
function blockIssues(node: ProseMirrorNode, pos: number, enabled: ReadonlySet<RuleId>, key: string): PlacedIssue[] {
  if (node.type.spec.code) return [] // a code block is not prose
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
  return cached.issues.map((issue) => ({ ...issue, from: pos + 1 + issue.from, to: pos + 1 + issue.to }))
}

/**
 * Every issue of the text blocks in [from, to) of `doc`, in document order: the plugin's findings,
 * and those of a saved version's text read into the same schema (client/proofreading/text-issues.ts).
 */
export function findIssues(
  doc: ProseMirrorNode,
  enabled: ReadonlySet<RuleId>,
  from = 0,
  to = doc.content.size,
): PlacedIssue[] {
  const key = rulesKey(enabled)
  if (!key) return []
  return textblocksIn(doc, from, to).flatMap(({ node, pos }) => blockIssues(node, pos, enabled, key))
}

const decorationOf = (issue: PlacedIssue): Decoration =>
  Decoration.inline(
    issue.from,
    issue.to,
    {
      class: `proof-issue${issue.original.trim() === '' ? ' proof-issue--space' : ''}`,
      'data-proof-rule': issue.rule,
      title: t(`proofreading.message.${issue.message}`),
    },
    { issue },
  )

function stateOf(doc: ProseMirrorNode, enabled: ReadonlySet<RuleId>): ProofState {
  const issues = findIssues(doc, enabled)
  return { enabled, issues, decorations: DecorationSet.create(doc, issues.map(decorationOf)), stale: false }
}

/**
 * A change that brings in more text than this (positions) is checked in the next idle period: the
 * draft's first sync replaces the empty document with 100,000 characters, whose check (about 100 ms)
 * would otherwise stand between the text's arrival and its first paint. Typing and ordinary pastes
 * stay far below it and are underlined in the same transaction.
 */
const DEFER_ABOVE = 20_000

/**
 * The state after a change: the blocks the change touched are checked again (those still the same
 * node come from the cache), the findings before them stay, those after them move by the change's
 * length. Nothing else of a 100,000-character draft is read.
 */
function changed(tr: Transaction, previous: ProofState): ProofState {
  const range = changedRange(tr.before, tr.doc)
  if (!range) return previous.stale ? stateOf(tr.doc, previous.enabled) : previous
  const { from, toOld, toNew, delta, mapping } = range
  if (toNew - from > DEFER_ABOVE) return { ...mapped(tr, previous), stale: previous.stale, deferred: true }
  const fresh = findIssues(tr.doc, previous.enabled, from, toNew)
  const before = previous.issues.filter((issue) => issue.to <= from)
  const after = previous.issues
    .filter((issue) => issue.from >= toOld)
    .map((issue) => ({ ...issue, from: issue.from + delta, to: issue.to + delta }))
  const moved = previous.decorations.map(mapping, tr.doc)
  const decorations = moved.remove(moved.find(from, toNew)).add(tr.doc, fresh.map(decorationOf))
  return { enabled: previous.enabled, issues: [...before, ...fresh, ...after], decorations, stale: false }
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

/** The plugin that proofreads, starting with the rules `initial` (exported for the tests, which run it without a view). */
export const proofreadingPlugin = (initial: ReadonlySet<RuleId>): Plugin<ProofState> =>
  new Plugin<ProofState>({
    key: proofreadingKey,
    state: {
      init: (_config, state) => stateOf(state.doc, initial),
      apply: (tr, previous) => {
        const meta = tr.getMeta(proofreadingKey) as { enabled: ReadonlySet<RuleId> } | undefined
        if (meta) return stateOf(tr.doc, meta.enabled)
        if (tr.getMeta('composition') !== undefined) return tr.docChanged ? mapped(tr, previous) : previous
        // Until the idle check, changes only move what was found (nothing, on opening).
        if (previous.deferred) return tr.docChanged ? { ...mapped(tr, previous), stale: previous.stale } : previous
        if (previous.stale) return stateOf(tr.doc, previous.enabled)
        return tr.docChanged ? changed(tr, previous) : previous
      },
    },
    props: {
      decorations: (state) => proofreadingKey.getState(state)?.decorations,
    },
    // A deferred check runs when the page is idle (at most a second later), as one transaction.
    view: () => {
      let idle: number | null = null
      return {
        update: (view) => {
          if (idle !== null || !proofreadingKey.getState(view.state)?.deferred) return
          idle = requestIdleCallback(
            () => {
              idle = null
              const current = proofreadingKey.getState(view.state)
              if (!view.isDestroyed && current?.deferred)
                view.dispatch(view.state.tr.setMeta(proofreadingKey, { enabled: current.enabled }))
            },
            { timeout: 1000 },
          )
        },
        destroy: () => {
          if (idle !== null) cancelIdleCallback(idle)
        },
      }
    },
  })

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
    return [proofreadingPlugin(this.options.enabled)]
  },
})
