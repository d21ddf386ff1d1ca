/**
 * 引用 and 来源: what a document's citations point at, as its reader may see them, and what its
 * editors may cite. A target is answered only when it is of the document's own group and the
 * reader may read it (the materials rule and the documents rule of policy.ts, through the same
 * functions the material and document routes use); anything else — another group's, deleted,
 * hidden — is answered alike as unreadable, without a name.
 */
import type { Citable, Citation } from '../../shared/citations.js'
import { readCitationTarget, writeCitationTarget } from '../../shared/editor/citation-targets.js'
import { kindOf } from '../../shared/document-kinds.js'
import type { DocumentView } from '../../shared/schema.js'
import type { Material } from '../../shared/materials.js'
import type { Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { readable, visibleDocuments } from './documents.js'
import { listMaterials } from './materials.js'

/** The readable materials and documents of the document's group (the document itself left out). */
async function groupSources(
  deps: Deps,
  actor: Actor,
  docId: string,
): Promise<{ materials: Material[]; documents: DocumentView[] }> {
  const { doc } = await readable(deps, actor, docId)
  const [{ materials }, visible] = await Promise.all([
    // Whoever reads a document of the group reads its materials (policy.ts materialAccess).
    listMaterials(deps, actor, doc.groupId),
    visibleDocuments(deps, actor),
  ])
  return { materials, documents: visible.filter((d) => d.groupId === doc.groupId && d.id !== doc.id) }
}

const citedMaterial = (m: Material) =>
  ({
    target: writeCitationTarget({ kind: 'material', id: m.id }),
    readable: true,
    kind: 'material',
    groupId: m.groupId,
    materialId: m.id,
    title: m.title,
    source: m.source,
    date: m.date,
    type: m.type,
  }) as const

const citedDocument = (d: DocumentView) =>
  ({
    target: writeCitationTarget({ kind: 'document', id: d.id }),
    readable: true,
    kind: 'document',
    documentId: d.id,
    title: d.title,
    documentKind: kindOf(d),
    status: d.status,
  }) as const

export async function citable(deps: Deps, actor: Actor, docId: string): Promise<Citable> {
  const { materials, documents } = await groupSources(deps, actor, docId)
  return { materials: materials.map(citedMaterial), documents: documents.map(citedDocument) }
}

/** Each target as the reader may see it, in the order asked. */
export async function resolveCitations(
  deps: Deps,
  actor: Actor,
  docId: string,
  targets: string[],
): Promise<Citation[]> {
  const { materials, documents } = await groupSources(deps, actor, docId)
  const known = new Map<string, Citation>([
    ...materials.map((m) => [writeCitationTarget({ kind: 'material', id: m.id }), citedMaterial(m)] as const),
    ...documents.map((d) => [writeCitationTarget({ kind: 'document', id: d.id }), citedDocument(d)] as const),
  ])
  return targets.flatMap((target) => {
    const parsed = readCitationTarget(target)
    if (!parsed) return []
    return [known.get(target) ?? { target, readable: false as const, kind: parsed.kind }]
  })
}
