/**
 * A group's 调研材料 as the server lists them to this reader, for the group's page and the panel
 * beside the editor alike: a 404 (the server shows this reader none) is `hidden`, as for a group
 * without any.
 */
import type { Material, MaterialList } from '../../shared/materials.js'
import { api, call } from '../api/client.js'
import { useReadable, type Readable } from '../api/use-readable.js'

/** A file's kind as people name it. */
export const materialTypeLabels: Record<Material['type'], string> = {
  pdf: 'PDF',
  docx: 'Word',
  xlsx: 'Excel',
  png: 'PNG',
  jpeg: 'JPEG',
}

/** The group's list, and `reload` to ask for it again (after an addition or a removal). */
export function useGroupMaterials(groupId: string): { loading: Readable<MaterialList>; reload: () => void } {
  return useReadable(groupId, (id) => call(api.api.groups[':id'].materials.$get({ param: { id } })))
}
