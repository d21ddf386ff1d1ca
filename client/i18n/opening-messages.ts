/** The module vite.config.ts openingMessages() writes at build time: the strings the first chunk can show. */
declare module 'virtual:opening-messages' {
  /** A part of the Simplified Chinese catalogue (zh-cn.ts), by key. */
  export const zhCNOpening: Readonly<Record<string, string>>
}
