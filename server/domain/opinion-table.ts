/**
 * 意见采纳情况表: every opinion raised in a document's threads, who raised it, how it was handled
 * and why — the record drafting offices otherwise compile by hand.
 */
import type { Disposition, Suggestion, Thread } from '../../shared/schema.js'
import { forbidden } from '../errors.js'
import type { OpinionRow } from '../export/opinion-table-docx.js'
import { canExportOpinionTable, type Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { readable } from './documents.js'
import type { ExportFile } from './exports.js'

const mediaTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
}

const dispositionNames: Record<Disposition, string> = {
  adopted: '采纳',
  partly_adopted: '部分采纳',
  not_adopted: '未采纳',
  explained: '已说明',
}

/** 处理情况 as the table prints it: the disposition's name, or 未处理 while there is none. */
export const dispositionName = (kind: Disposition | null): string => (kind ? dispositionNames[kind] : '未处理')

/**
 * What a suggestion (修订) asked for, in the words of the table: 建议将“…”修改为“…”, 建议删除“…”
 * or 建议增加“…”, then its note, if it has one.
 */
function suggestionOpinion(thread: Thread & { suggestion: Suggestion }): string {
  const { insert } = thread.suggestion
  const proposal =
    thread.quote === ''
      ? `建议增加“${insert}”`
      : insert === ''
        ? `建议删除“${thread.quote}”`
        : `建议将“${thread.quote}”修改为“${insert}”`
  const note = thread.comments[0]
  return note && !note.deleted ? `${proposal}\n说明：${note.body}` : proposal
}

function opinionOf(thread: Thread): string {
  if (thread.suggestion) return suggestionOpinion(thread as Thread & { suggestion: Suggestion })
  const first = thread.comments[0]
  return first && !first.deleted ? first.body : '（评论已删除）'
}

/** Who raised an opinion: its author, or the outside unit a returned draft came from (导入修订稿), a raiser of its own. */
const raiserKey = (thread: Thread): string =>
  thread.source?.unit ? `unit:${thread.source.unit}` : `user:${thread.authorId}`

/** The raiser as the table names them: 市财政局（张三） for a unit, with the name Word gave the writer. */
function raisedBy(thread: Thread, names: Map<string, string>): string {
  const unit = thread.source?.unit
  if (!unit) return names.get(thread.authorId) ?? ''
  return thread.source?.wordAuthor ? `${unit}（${thread.source.wordAuthor}）` : unit
}

/**
 * The rows: comments and suggestions together, grouped by who raised them (each member or
 * department in the order they first spoke, then oldest first), numbered through. A withdrawn
 * suggestion is no longer an opinion and is left out; the audit log keeps it.
 */
export async function opinionRows(
  deps: Deps,
  actor: Actor,
  documentId: string,
): Promise<{ title: string; rows: OpinionRow[] }> {
  const { doc, access } = await readable(deps, actor, documentId)
  if (!canExportOpinionTable(actor.user, access))
    throw forbidden('only conveners and the chair export the opinion table', 'opinion_table_forbidden')
  const [threads, users] = await Promise.all([deps.metadata.listThreads(documentId), deps.metadata.listUsers()])
  const names = new Map(users.map((u) => [u.id, u.displayName]))
  const opinions = threads.filter((t) => t.suggestion?.status !== 'withdrawn')
  const byRaiser = new Map<string, Thread[]>()
  for (const t of opinions) byRaiser.set(raiserKey(t), [...(byRaiser.get(raiserKey(t)) ?? []), t])
  const rows = [...byRaiser.values()].flat().map((thread, i) => ({
    number: i + 1,
    quote: thread.quote,
    opinion: opinionOf(thread),
    raisedBy: raisedBy(thread, names),
    disposition: dispositionName(thread.disposition?.kind ?? null),
    rationale: thread.disposition?.rationale ?? '',
  }))
  return { title: doc.title, rows }
}

/** The table as a file, built in a worker thread (heavy-work.ts) within the export budget. */
export async function exportOpinionTable(
  deps: Deps,
  actor: Actor,
  documentId: string,
  format: 'docx' | 'csv',
): Promise<ExportFile> {
  const { title, rows } = await opinionRows(deps, actor, documentId)
  return {
    fileName: `${title}-意见采纳情况表.${format}`,
    mediaType: mediaTypes[format],
    bytes: await deps.heavy.opinionTable(format, title, rows),
  }
}
