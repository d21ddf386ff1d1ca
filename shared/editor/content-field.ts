/** Name of the Y.XmlFragment that holds the text (TipTap Collaboration's default). */
export const contentField = 'default'
