/** What is wrong with this instance right now (a failing store, a lost broker), for /api/health. */
export class Health {
  private readonly problems = new Map<string, string>()
  private readonly probes: (() => string | null)[] = []

  report(key: string, problem: string): void {
    this.problems.set(key, problem)
  }

  clear(key: string): void {
    this.problems.delete(key)
  }

  /** A check asked on every health request, e.g. whether the broker is connected. */
  addProbe(probe: () => string | null): void {
    this.probes.push(probe)
  }

  current(): string[] {
    return [...this.problems.values(), ...this.probes.map((probe) => probe()).filter((p): p is string => p !== null)]
  }
}
