/**
 * What the workflow did with a version, as the history and the reader say it: a submission is of a
 * version as it is, so v7 approved is 审定稿 v7 — the marks carry the relation, not new numbers.
 */
import type { VersionMark } from '../../shared/schema.js'

/** The marks of version `number`, oldest first. */
export const marksOf = (marks: readonly VersionMark[], number: number): VersionMark[] =>
  marks.filter((mark) => mark.versionNumber === number)

/**
 * What the version is to the workflow now, for the reader's title: 审定稿 once any submission of it
 * was approved, else the state of its latest submission; null for a version never submitted.
 */
export function roleOf(marks: readonly VersionMark[], number: number): VersionMark['state'] | null {
  const own = marksOf(marks, number)
  if (own.some((mark) => mark.state === 'approved')) return 'approved'
  return own.at(-1)?.state ?? null
}
