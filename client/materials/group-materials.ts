/**
 * A group's 调研材料 as the server lists them to this reader, for the group's page and the panel
 * beside the editor alike: a 404 (the server shows this reader none) is `hidden`, as for a group
 * without any.
 */
import { useCallback, useEffect, useState } from 'react'
import type { Material, MaterialList } from '../../shared/materials.js'
import { ApiError, api, call } from '../api/client.js'

export type MaterialsLoading =
  { kind: 'loading' } | { kind: 'loaded'; list: MaterialList } | { kind: 'hidden' } | { kind: 'failed'; error: unknown }

/** A file's kind as people name it. */
export const materialTypeLabels: Record<Material['type'], string> = {
  pdf: 'PDF',
  docx: 'Word',
  xlsx: 'Excel',
  png: 'PNG',
  jpeg: 'JPEG',
}

/** The group's list, and `reload` to ask for it again (after an addition or a removal). */
export function useGroupMaterials(groupId: string): { loading: MaterialsLoading; reload: () => void } {
  const [loading, setLoading] = useState<MaterialsLoading>({ kind: 'loading' })
  const load = useCallback(() => {
    let current = true
    call(api.api.groups[':id'].materials.$get({ param: { id: groupId } })).then(
      (list) => current && setLoading({ kind: 'loaded', list }),
      (error: unknown) =>
        current &&
        setLoading(
          error instanceof ApiError && error.code === 'not_found' ? { kind: 'hidden' } : { kind: 'failed', error },
        ),
    )
    return () => {
      current = false
    }
  }, [groupId])
  useEffect(load, [load])
  return { loading, reload: load }
}
