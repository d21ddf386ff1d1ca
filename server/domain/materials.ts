/**
 * 调研材料: files a research group gathered, kept with the group. Its members add and remove them;
 * whoever may read one of the group's documents reads them (policy.ts materialAccess); to anyone
 * else the group's materials do not exist (404). A file is taken only when its content is one of
 * the kinds the server knows (material-type.ts), whatever its name says; nothing is stored
 * otherwise. An upload streams into the store's staging area as it arrives (file-upload.ts), so
 * a file is never held whole in memory by the embedded store. Every addition and removal is audited in the system chain.
 */
import { writeMaterialDetails } from '../../shared/audit-details.js'
import {
  hasPreview,
  materialExtensions,
  materialMediaTypes,
  type Material,
  type MaterialType,
} from '../../shared/materials.js'
import type { Group } from '../../shared/schema.js'
import { AppError, forbidden, invalidInput, notFound } from '../errors.js'
import { uploadedFileName } from '../import/file-name.js'
import { documentAccess, materialAccess, type Actor } from '../policy.js'
import type { StagedFile } from '../store/types.js'
import { SYSTEM_AUDIT_ID, appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { officeClock } from './documents.js'
import { newId } from './ids.js'
import { IncomingFile } from './file-upload.js'

/** The group, when the actor may read its materials; 404 otherwise, as for a group that does not exist. */
async function readableGroup(deps: Deps, actor: Actor, groupId: string): Promise<{ group: Group; change: boolean }> {
  const group = await deps.metadata.getGroup(groupId)
  if (!group) throw notFound('group')
  const [documents, invitations] = await Promise.all([
    deps.metadata.listDocuments(),
    actor.user.role === 'commenter' ? deps.metadata.listInvitationsOfUser(actor.user.id) : Promise.resolve([]),
  ])
  const clock = officeClock(deps)
  const accesses = documents
    .filter((doc) => doc.groupId === group.id)
    .map((doc) =>
      documentAccess(
        actor.user,
        doc,
        group,
        invitations.find((i) => i.documentId === doc.id),
        clock,
      ),
    )
  const access = materialAccess(actor.user, group, accesses)
  if (!access.read) throw notFound('group')
  return { group, change: access.change }
}

async function changeableGroup(deps: Deps, actor: Actor, groupId: string): Promise<Group> {
  const { group, change } = await readableGroup(deps, actor, groupId)
  if (!change) throw forbidden('only the group’s members add or remove research materials', 'materials_forbidden')
  return group
}

/** A group's materials, the latest date first (then the latest added). */
export async function listMaterials(
  deps: Deps,
  actor: Actor,
  groupId: string,
): Promise<{ materials: Material[]; canChange: boolean }> {
  const { group, change } = await readableGroup(deps, actor, groupId)
  const materials = (await deps.materials.list(group.id))
    .map((material, order) => ({ material, order }))
    .sort((a, b) => b.material.date.localeCompare(a.material.date) || b.order - a.order)
    .map(({ material }) => material)
  return { materials, canChange: change }
}

/** What a material's form says besides its file (already validated: shared/materials.ts). */
export interface MaterialFields {
  title: string
  source: string
  date: string
}

const materialTypes = ['pdf', 'docx', 'xlsx', 'png', 'jpeg'] as const satisfies readonly MaterialType[]

const materialRefusal = () =>
  new AppError(
    415,
    'invalid_input',
    'file: 只能上传 PDF、DOCX、XLSX、PNG 或 JPEG 文件（按内容识别） / the file is none of PDF, DOCX, XLSX, PNG, JPEG (by its content)',
    { field: 'file', reason: 'material_type', params: { field: 'file' } },
  )

/**
 * A material being uploaded into a group whose materials the actor may add to. Its file goes to the
 * material store's staging as it arrives (IncomingFile: size limit, kind from the first bytes);
 * `finish` stores it with its description and audits it, `discard` drops whatever arrived.
 */
export class MaterialUpload {
  private incoming: IncomingFile<MaterialType> | null = null
  private staged: StagedFile | null = null

  constructor(
    private readonly deps: Deps,
    private readonly actor: Actor,
    private readonly group: Group,
    private readonly limits: { maxBytes: number; sizeHint?: number },
  ) {}

  /** A file part begins: where its bytes go. One, named `file`. */
  async file(field: string, fileName: string): Promise<IncomingFile<MaterialType>> {
    if (field !== 'file' || this.incoming) throw invalidInput(field, '只能附一个文件 / one file, named file')
    this.staged = await this.deps.materials.stage(Math.min(this.limits.sizeHint ?? 0, this.limits.maxBytes))
    this.incoming = new IncomingFile(fileName, this.staged, {
      maxBytes: this.limits.maxBytes,
      accepts: materialTypes,
      refusal: materialRefusal,
    })
    return this.incoming
  }

  async finish(fields: MaterialFields): Promise<Material> {
    if (!this.incoming || !this.staged)
      throw invalidInput('file', '请选择文件 / file is required', { reason: 'required' })
    const { type, size, sha256 } = await this.incoming.finish()
    const material: Material = {
      id: newId(),
      groupId: this.group.id,
      title: fields.title,
      source: fields.source,
      date: fields.date,
      type,
      fileName: uploadedFileName(this.incoming.fileName, `material${materialExtensions[type]}`),
      size,
      sha256,
      addedBy: this.actor.user.id,
      addedAt: new Date().toISOString(),
    }
    const staged = this.staged
    this.staged = null
    await this.deps.materials.addStaged(material, staged)
    await materialAudit(this.deps, this.actor, 'material_add', material)
    return material
  }

  /** Drops what arrived, unless it was stored. */
  async discard(): Promise<void> {
    const staged = this.staged
    this.staged = null
    await staged?.discard()
  }
}

/**
 * Starts adding a material: the rule first (404, 403), before any of the body is read, so a file
 * nobody may add is not looked at. `sizeHint`: the request's length, when it said.
 */
export async function startMaterialUpload(
  deps: Deps,
  actor: Actor,
  groupId: string,
  limits: { maxBytes: number; sizeHint?: number },
): Promise<MaterialUpload> {
  const group = await changeableGroup(deps, actor, groupId)
  return new MaterialUpload(deps, actor, group, limits)
}

export async function removeMaterial(deps: Deps, actor: Actor, groupId: string, id: string): Promise<void> {
  const group = await changeableGroup(deps, actor, groupId)
  const material = await deps.materials.get(id)
  if (!material || material.groupId !== group.id) throw notFound('material')
  if (!(await deps.materials.remove(id))) throw notFound('material')
  await materialAudit(deps, actor, 'material_remove', material)
}

const materialAudit = (deps: Deps, actor: Actor, action: 'material_add' | 'material_remove', m: Material) =>
  appendAudit(deps, SYSTEM_AUDIT_ID, {
    action,
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: writeMaterialDetails(m),
  })

async function readableMaterial(deps: Deps, actor: Actor, groupId: string, id: string): Promise<Material> {
  const { group } = await readableGroup(deps, actor, groupId)
  const material = await deps.materials.get(id)
  if (!material || material.groupId !== group.id) throw notFound('material')
  return material
}

/** A material's file as stored, with the Content-Type of the kind its content was recognised as. */
export async function materialFile(
  deps: Deps,
  actor: Actor,
  groupId: string,
  id: string,
): Promise<{ material: Material; mediaType: string; bytes: Uint8Array }> {
  const material = await readableMaterial(deps, actor, groupId, id)
  const bytes = await deps.materials.file(id)
  if (!bytes) throw notFound('material')
  return { material, mediaType: materialMediaTypes[material.type], bytes }
}

/** The name a download is saved under: the material's title with its kind's extension. */
export const downloadName = (material: Material): string => `${material.title}${materialExtensions[material.type]}`

/**
 * The picture of a material: an image as it is (PNG or JPEG), a PDF's first page as a PNG drawn in
 * the heavy-work pool on first asking and kept by the store. 404 for kinds without one, and when no
 * picture could be drawn (a damaged PDF, poppler not installed: logged).
 */
export async function materialPreview(
  deps: Deps,
  actor: Actor,
  groupId: string,
  id: string,
): Promise<{ mediaType: 'image/png' | 'image/jpeg'; bytes: Uint8Array }> {
  const material = await readableMaterial(deps, actor, groupId, id)
  if (!hasPreview(material.type)) throw notFound('preview')
  if (material.type === 'png' || material.type === 'jpeg') {
    const bytes = await deps.materials.file(id)
    if (!bytes) throw notFound('material')
    return { mediaType: material.type === 'png' ? 'image/png' : 'image/jpeg', bytes }
  }
  const cached = await deps.materials.preview(id)
  if (cached) return { mediaType: 'image/png', bytes: cached }
  const pdf = await deps.materials.file(id)
  if (!pdf) throw notFound('material')
  let png: Uint8Array
  try {
    png = await deps.heavy.pdfFirstPage(pdf)
  } catch (error) {
    if (error instanceof AppError) throw error
    deps.log(`materials: no preview of ${id}: ${(error as Error).message}`)
    throw notFound('preview')
  }
  await deps.materials.putPreview(id, png)
  return { mediaType: 'image/png', bytes: png }
}
