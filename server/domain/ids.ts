/** Ids of every record the server creates (users, groups, documents, threads, submissions …): one shape everywhere. */
import { randomBytes } from 'node:crypto'

/** 12 random bytes as 16 url-safe characters. */
export const newId = (): string => randomBytes(12).toString('base64url')
