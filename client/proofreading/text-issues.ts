/**
 * What proofreading still flags in a text about to go on (送审, 审定): the live draft's findings as
 * the editor holds them (the 校对 menu's count), or a saved version's, found by the same code over
 * its ProseMirror JSON; and the jump to the first one in the live draft.
 */
import { useEffect, useState } from 'react'
import { getSchema } from '@tiptap/core'
import { Node as ProseMirrorNode, type Schema } from '@tiptap/pm/model'
import { useEditorState, type Editor } from '@tiptap/react'
import { documentExtensions } from '../../shared/editor/schema.js'
import { api, call } from '../api/client.js'
import { findIssues } from '../editor/extensions/proofreading.js'
import { issuesOf, type PlacedIssue } from '../editor/extensions/proofreading-issues.js'
import { enabledRules } from './settings.js'

/** The live draft's findings, kept current while others type; none while there is no editor. */
export function useLiveIssues(editor: Editor | null): readonly PlacedIssue[] {
  const issues = useEditorState({
    editor,
    selector: ({ editor }) => (editor ? issuesOf(editor.state) : null),
    equalityFn: (a, b) => a === b,
  })
  return issues ?? []
}

/** Puts the cursor into `issue` and its words in view: the fix popover opens there. */
export function jumpToIssue(editor: Editor, issue: PlacedIssue): void {
  editor.chain().focus().setTextSelection(issue.from).scrollIntoView().run()
}

let schema: Schema | null = null

/** The findings of the rules switched on in this browser in a version's content (ProseMirror JSON). */
export function contentIssues(content: Record<string, unknown>): PlacedIssue[] {
  schema ??= getSchema(documentExtensions())
  return findIssues(ProseMirrorNode.fromJSON(schema, content), enabledRules())
}

/** A saved version's findings: null while they are being read, else how many. */
export function useVersionIssues(docId: string, versionNumber: number | null): number | null {
  const key = `${docId}/${versionNumber}`
  const [found, setFound] = useState<{ key: string; count: number } | null>(null)
  useEffect(() => {
    if (versionNumber === null) return
    let current = true
    const done = (count: number) => current && setFound({ key, count })
    call(api.api.documents[':id'].versions[':number'].$get({ param: { id: docId, number: String(versionNumber) } }))
      .then((version) => done(contentIssues(version.content).length))
      // A warning that cannot be worked out is left out: it never holds up the step it would warn of.
      .catch(() => done(0))
    return () => {
      current = false
    }
  }, [docId, versionNumber, key])
  return found && found.key === key ? found.count : null
}
