/**
 * The others' carets and selections, named, each in the colour decided among everyone present
 * (collab/document-colors.ts) rather than the colour a person chose, which someone else may share.
 */
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type { WebsocketProvider } from 'y-websocket'
import { presenceColors, type PresenceUser } from '../../collab/presence.js'

/**
 * The custom property that carries a person's colour, set on an element around the editor from the
 * presence list. A caret drawn once is not drawn again while it stays where it is, so its colour
 * has to follow from outside when someone else leaving or joining changes it.
 */
export const caretColorProperty = (personKey: string): string => `--presence-${personKey}`

export function presenceCarets(provider: WebsocketProvider, user: PresenceUser) {
  const { awareness } = provider
  /** A var() of the person's property, falling back to their colour now (before the property is set). */
  const colorOf = (user: Partial<PresenceUser>): string => {
    const now = typeof user.id === 'string' ? presenceColors(awareness).get(user.id) : undefined
    const color = now ?? user.color ?? 'transparent'
    return typeof user.id === 'string' ? `var(${caretColorProperty(user.id)}, ${color})` : color
  }
  return CollaborationCaret.configure({
    provider,
    user,
    render: (user: Partial<PresenceUser>) => {
      const caret = document.createElement('span')
      caret.classList.add('collaboration-carets__caret')
      caret.style.setProperty('--caret-color', colorOf(user))
      const label = document.createElement('div')
      label.classList.add('collaboration-carets__label')
      label.append(user.name ?? '')
      caret.append(label)
      return caret
    },
    selectionRender: (user: Partial<PresenceUser>) => ({
      style: `background-color: color-mix(in srgb, ${colorOf(user)} 44%, transparent)`,
      class: 'ProseMirror-yjs-selection',
    }),
  })
}
