/**
 * What a citation (引用) points at: `material:ID` or `document:ID` — without TipTap, so that the
 * server reads them from stored content (exports, 来源) without loading the editor.
 */
import type { JsonNode } from './text.js'

export type CitationKind = 'material' | 'document'

export interface CitationTarget {
  kind: CitationKind
  id: string
}

/** The mark's name in the schema (citation.ts). */
export const citationMark = 'citation'

const idPattern = /^[A-Za-z0-9_-]{16}$/

/** `material:ID` or `document:ID` as a target; null for anything else (pasted HTML included). */
export function readCitationTarget(value: unknown): CitationTarget | null {
  if (typeof value !== 'string') return null
  const [kind, id, ...rest] = value.split(':')
  if (rest.length > 0 || (kind !== 'material' && kind !== 'document') || !idPattern.test(id ?? '')) return null
  return { kind, id }
}

export const writeCitationTarget = (target: CitationTarget): string => `${target.kind}:${target.id}`

/** Every target cited in a document's content, once each, in the order first cited. */
export function citedTargets(root: JsonNode): CitationTarget[] {
  const seen = new Map<string, CitationTarget>()
  const visit = (node: JsonNode) => {
    for (const mark of node.marks ?? []) {
      if (mark.type !== citationMark) continue
      const target = readCitationTarget(mark.attrs?.target)
      if (target && !seen.has(writeCitationTarget(target))) seen.set(writeCitationTarget(target), target)
    }
    for (const child of node.content ?? []) visit(child)
  }
  visit(root)
  return [...seen.values()]
}
