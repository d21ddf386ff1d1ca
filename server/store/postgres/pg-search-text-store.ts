/**
 * SearchTextStore on PostgreSQL: `document_search_text` (migration 12) under a GIN trigram index,
 * which answers `text LIKE '%words%'` without reading every row, Chinese included (pg_trgm makes
 * trigrams of any characters). Whether a row is current is decided in the same statement, by its
 * stamp against the highest seq of the document's content: nothing stale is trusted.
 */
import type { Pool } from 'pg'
import type { SearchCandidates, SearchTextStore } from '../types.js'

/** `words` as a LIKE pattern matching them anywhere: %, _ and the escape character taken literally. */
export function containsPattern(words: string): string {
  return `%${words.replaceAll('\0', '\uFFFD').replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export class PgSearchTextStore implements SearchTextStore {
  constructor(private readonly pool: Pool) {}

  async staleStamp(docId: string): Promise<{ groupId: string; stamp: string } | null> {
    // The current seq as `candidates` computes it, compared in the same statement.
    const { rows } = await this.pool.query<{ group_id: string; stamp: string }>(
      `SELECT d.group_id, c.seq::text AS stamp
         FROM documents d
        CROSS JOIN LATERAL (
              SELECT coalesce((SELECT max(u.seq) FROM document_updates u WHERE u.doc_id = d.id),
                              (SELECT s.upto_seq FROM document_states s WHERE s.doc_id = d.id),
                              0) AS seq) c
         LEFT JOIN document_search_text t ON t.doc_id = d.id
        WHERE d.id = $1 AND t.stamp IS DISTINCT FROM c.seq`,
      [docId],
    )
    return rows.length === 0 ? null : { groupId: rows[0].group_id, stamp: rows[0].stamp }
  }

  async candidates(groupIds: string[], words: string): Promise<SearchCandidates> {
    if (groupIds.length === 0) return { matching: [], stale: [] }
    // One statement, one snapshot. A document's current seq: the newest update in its log, or,
    // when compaction emptied the log, the seq its merged state reaches; 0 without content.
    const { rows } = await this.pool.query<{ id: string; stamp: string | null }>(
      `SELECT t.doc_id AS id, NULL::text AS stamp
         FROM document_search_text t
        WHERE t.group_id = ANY($1::text[]) AND t.text LIKE $2
       UNION ALL
       SELECT c.id, c.seq::text
         FROM (SELECT d.id,
                      coalesce((SELECT max(u.seq) FROM document_updates u WHERE u.doc_id = d.id),
                               (SELECT s.upto_seq FROM document_states s WHERE s.doc_id = d.id),
                               0) AS seq
                 FROM documents d
                WHERE d.group_id = ANY($1::text[])) c
         LEFT JOIN document_search_text t ON t.doc_id = c.id
        WHERE t.stamp IS DISTINCT FROM c.seq`,
      [groupIds, containsPattern(words)],
    )
    const matching: string[] = []
    const stale: SearchCandidates['stale'] = []
    for (const row of rows) {
      if (row.stamp === null) matching.push(row.id)
      else stale.push({ docId: row.id, stamp: row.stamp })
    }
    return { matching, stale }
  }

  async put(docId: string, groupId: string, text: string, stamp: string): Promise<void> {
    // The latest put wins: one from an older read only makes the document stale again, never wrong.
    await this.pool.query(
      `INSERT INTO document_search_text AS t (doc_id, group_id, text, stamp) VALUES ($1, $2, $3, $4)
       ON CONFLICT (doc_id) DO UPDATE SET group_id = EXCLUDED.group_id, text = EXCLUDED.text, stamp = EXCLUDED.stamp`,
      [docId, groupId, text.replaceAll('\0', '\uFFFD'), stamp],
    )
  }
}
