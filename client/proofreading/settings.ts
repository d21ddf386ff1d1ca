/** Which proofreading rules this person has switched off, remembered in this browser (localStorage). */
import { useEffect, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import { ruleIds, type RuleId } from '../../shared/editor/proofreading/index.js'
import { checksRules } from '../editor/extensions/proofreading-issues.js'

const storageKey = 'jianyi.proofreading.off'

function read(): ReadonlySet<RuleId> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]')
    const off = new Set(Array.isArray(stored) ? stored : [])
    return new Set(ruleIds.filter((id) => !off.has(id)))
  } catch {
    return new Set(ruleIds)
  }
}

let enabled = read()
const listeners = new Set<() => void>()

/** The rules switched on (all of them until someone switches one off). */
export const enabledRules = (): ReadonlySet<RuleId> => enabled

export function setRuleEnabled(rule: RuleId, on: boolean): void {
  const next = new Set(enabled)
  if (on) next.add(rule)
  else next.delete(rule)
  enabled = next
  try {
    localStorage.setItem(storageKey, JSON.stringify(ruleIds.filter((id) => !next.has(id))))
  } catch {
    // Private mode or a full disk: the choice still holds for this page.
  }
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The enabled rules, re-rendering when they change. */
export const useEnabledRules = (): ReadonlySet<RuleId> => useSyncExternalStore(subscribe, enabledRules)

/** Keeps the editor's proofreading on the rules switched on, wherever they were switched. */
export function useProofreadingSettings(editor: Editor): void {
  const enabled = useEnabledRules()
  useEffect(() => {
    if (!editor.isDestroyed && !checksRules(editor.state, enabled)) editor.commands.setProofreadingRules(enabled)
  }, [editor, enabled])
}
