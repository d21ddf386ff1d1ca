// Vitest 5's reporter calls Map.groupBy (Node 21+) when it prints a failure; on Node 20 that
// crash would hide the failure itself. Loaded with `node --import` by the test script.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, keyOf) {
    const groups = new Map()
    let index = 0
    for (const item of items) {
      const key = keyOf(item, index++)
      const group = groups.get(key)
      if (group) group.push(item)
      else groups.set(key, [item])
    }
    return groups
  }
}
