/** Runs tasks of the same document one after another (numbering versions, chaining audit entries). */
export class PerDocumentQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(documentId: string, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(documentId) ?? Promise.resolve()).catch(() => {}).then(task)
    this.tails.set(documentId, next)
    void next
      .catch(() => {})
      .finally(() => {
        if (this.tails.get(documentId) === next) this.tails.delete(documentId)
      })
    return next
  }
}
