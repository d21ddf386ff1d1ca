/**
 * What a bench run must undo whatever happens (server processes, temporary directories, a database
 * schema): each step registers its undo as soon as it has something to undo, and `run` undoes all
 * of them, newest first, on success, on error and on Ctrl-C alike.
 */
export class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<void> | void }[] = []
  private running: Promise<void> | undefined

  /** Registers an undo step; `what` names it in the message printed if it fails. */
  add(what: string, undo: () => Promise<void> | void): void {
    this.steps.push({ what, undo })
  }

  /** Runs every registered step once, newest first; a failing step is reported and the rest still run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const { what, undo } = this.steps.pop()!
        try {
          await undo()
        } catch (error) {
          console.error(`cleanup: ${what} failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    })()
    return this.running
  }
}
