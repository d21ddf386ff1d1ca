/** Use cases on drafts: create, list, rename, delete. Ids and times are the server's. */
import { randomBytes } from 'node:crypto'
import type { DocumentMeta } from '../../shared/schema.js'
import { CloseCode } from '../../shared/collab.js'
import type { Rooms } from '../collab/rooms.js'
import { notFound } from '../errors.js'
import type { DocumentStore, MetadataStore } from '../store/types.js'

export interface DocumentDeps {
  metadata: MetadataStore
  content: DocumentStore
  rooms: Rooms
}

/** 12 random bytes as 16 url-safe characters: unguessable, and valid as a file name. */
export const newDocumentId = (): string => randomBytes(12).toString('base64url')

export function listDocuments({ metadata }: DocumentDeps): Promise<DocumentMeta[]> {
  return metadata.listDocuments()
}

export async function getDocument({ metadata }: DocumentDeps, id: string): Promise<DocumentMeta> {
  const doc = await metadata.getDocument(id)
  if (!doc) throw notFound('document')
  return doc
}

export function createDocument({ metadata }: DocumentDeps, title: string): Promise<DocumentMeta> {
  const now = new Date().toISOString()
  return metadata.createDocument({ id: newDocumentId(), title, createdAt: now, updatedAt: now })
}

export async function renameDocument({ metadata }: DocumentDeps, id: string, title: string): Promise<DocumentMeta> {
  const doc = await metadata.updateDocument(id, { title, updatedAt: new Date().toISOString() })
  if (!doc) throw notFound('document')
  return doc
}

/** Deletes the draft: its open sockets are closed as for an unknown document, then its content removed. */
export async function deleteDocument({ metadata, content, rooms }: DocumentDeps, id: string): Promise<void> {
  if (!(await metadata.deleteDocument(id))) throw notFound('document')
  await rooms.closeDocument(id, CloseCode.notFound, 'document deleted')
  await content.delete(id)
}
