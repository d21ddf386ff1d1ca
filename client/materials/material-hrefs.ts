/** The addresses of a material's file and picture, built by the typed client so that a renamed route breaks the build. */
import { createApiClient } from '../api/client.js'

// `$url()` makes a URL object, which needs an absolute base: the app's own client is based on '/'.
const files = createApiClient(window.location.origin)

export const materialFileHref = (groupId: string, materialId: string): string =>
  files.api.groups[':id'].materials[':materialId'].file.$url({ param: { id: groupId, materialId } }).href

export const materialPreviewHref = (groupId: string, materialId: string): string =>
  files.api.groups[':id'].materials[':materialId'].preview.$url({ param: { id: groupId, materialId } }).href

/** A size in the units people read: 850 KB, 19.1 MB (powers of 1024, as the upload limit is set). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MB`
}
