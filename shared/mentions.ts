/**
 * An @mention in a comment body. A username ends in a letter or digit, so "@zhuxi." at the end of
 * a sentence mentions zhuxi. Its own module, so that the client can highlight mentions without
 * loading the zod schemas of schema.ts.
 */
export const mentionPattern = /@([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)/g
