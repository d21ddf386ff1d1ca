/** Storage interfaces: nothing outside server/store knows where bytes live. */
import type { DocumentMeta } from '../../shared/schema.js'

/**
 * Yjs content of documents. `append` resolves once the updates are durable enough to be
 * relayed (written to the OS for the embedded store; see docs/operations.md for fsync).
 */
export interface DocumentStore {
  /** The stored updates of a document, in order: its merged state first, then the log. Empty if none. */
  load(docId: string): Promise<Uint8Array[]>
  /** Appends updates to the document's log, in order, as one write. */
  append(docId: string, updates: Uint8Array[]): Promise<void>
  /** Removes everything stored for a document. */
  delete(docId: string): Promise<void>
  /** Flushes to stable storage everything appended so far (fsync). */
  flush(): Promise<void>
  /** Flushes and releases files; the store is unusable afterwards. */
  close(): Promise<void>
}

/** Document metadata (titles, times). */
export interface MetadataStore {
  listDocuments(): Promise<DocumentMeta[]>
  getDocument(id: string): Promise<DocumentMeta | null>
  createDocument(doc: DocumentMeta): Promise<DocumentMeta>
  /** Applies the patch and returns the new record, or null when the document does not exist. */
  updateDocument(id: string, patch: Partial<Pick<DocumentMeta, 'title' | 'updatedAt'>>): Promise<DocumentMeta | null>
  /** Returns false when the document did not exist. */
  deleteDocument(id: string): Promise<boolean>
  close(): Promise<void>
}
