/** ISO-8601 UTC timestamps, the only time format stored in project files. */
export function now(): string {
  return new Date().toISOString();
}
