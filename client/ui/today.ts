/** Today in the browser's time zone, as an `<input type="date">` value (`YYYY-MM-DD`). */
export function today(): string {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}
