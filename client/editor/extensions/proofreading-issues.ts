/**
 * What the proofreading extension found, as others read it: its plugin key, the state's shape and
 * the readers of an editor state (the fix popover, the menu, the settings).
 */
import { PluginKey, type EditorState } from '@tiptap/pm/state'
import type { DecorationSet } from '@tiptap/pm/view'
import type { ProofIssue, RuleId } from '../../../shared/editor/proofreading/index.js'

/** An issue at document positions, with the text it was found in (a fix applies only while that text is still there). */
export interface PlacedIssue extends ProofIssue {
  original: string
}

/** The plugin's state: the rules switched on and what they found. */
export interface ProofState {
  enabled: ReadonlySet<RuleId>
  issues: PlacedIssue[]
  decorations: DecorationSet
  /** Set while an IME composes: the findings were only mapped, and are checked again once it is done. */
  stale: boolean
  /**
   * Set when one change brought in a large text (the draft arriving from the server on opening):
   * the findings were only mapped, and the whole text is checked in the page's next idle period
   * rather than before the text is first painted.
   */
  deferred?: boolean
}

export const proofreadingKey = new PluginKey<ProofState>('proofreading')

/** Every issue found in the document, in document order. */
export const issuesOf = (state: EditorState): PlacedIssue[] => proofreadingKey.getState(state)?.issues ?? []

/** The issue under the position, or else the one that ends right before it (the cursor just typed it). */
export function issueAt(state: EditorState, pos: number): PlacedIssue | null {
  const issues = issuesOf(state)
  return issues.find((issue) => issue.from <= pos && pos < issue.to) ?? issues.find((issue) => issue.to === pos) ?? null
}

/** Whether the editor already checks exactly these rules. */
export const checksRules = (state: EditorState, enabled: ReadonlySet<RuleId>): boolean =>
  proofreadingKey.getState(state)?.enabled === enabled
