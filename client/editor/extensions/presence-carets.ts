/**
 * The others' carets and selections, named, each in the colour decided among everyone present
 * (collab/document-colors.ts) rather than the colour a person chose, which someone else may share.
 * A name that would sit under the sticky toolbar goes below its caret instead.
 */
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import type { WebsocketProvider } from 'y-websocket'
import { presenceColors, type PresenceUser } from '../../collab/presence.js'
import { stickyInsets } from './sticky-bars.js'

/**
 * The custom property that carries a person's colour, set on an element around the editor from the
 * presence list. A caret drawn once is not drawn again while it stays where it is, so its colour
 * has to follow from outside when someone else leaving or joining changes it.
 */
export const caretColorProperty = (personKey: string): string => `--presence-${personKey}`

const labelBelow = 'collaboration-carets__caret--label-below'

/** Puts each caret's name above it, or below it where the top bar covers the space above. */
function placeLabels(view: EditorView): void {
  const carets = view.dom.querySelectorAll<HTMLElement>('.collaboration-carets__caret')
  if (carets.length === 0) return
  const covered = stickyInsets(view).top
  for (const caret of carets) {
    const label = caret.querySelector<HTMLElement>('.collaboration-carets__label')
    const roomAbove = caret.getBoundingClientRect().top - (label?.offsetHeight ?? 0) - 2
    // Widgets are the view's to draw but not to watch: ProseMirror ignores this class change.
    caret.classList.toggle(labelBelow, roomAbove < covered)
  }
}

/** Places the names whenever the carets are drawn again and whenever the page scrolls or resizes. */
const labelPlacement = () =>
  new Plugin({
    key: new PluginKey('caretLabelPlacement'),
    view(view) {
      let frame = 0
      const onScroll = () => {
        frame ||= requestAnimationFrame(() => {
          frame = 0
          placeLabels(view)
        })
      }
      window.addEventListener('scroll', onScroll, { passive: true, capture: true })
      window.addEventListener('resize', onScroll)
      placeLabels(view)
      return {
        update: () => placeLabels(view),
        destroy: () => {
          cancelAnimationFrame(frame)
          window.removeEventListener('scroll', onScroll, { capture: true })
          window.removeEventListener('resize', onScroll)
        },
      }
    },
  })

const PresenceCarets = CollaborationCaret.extend({
  addProseMirrorPlugins() {
    return [...(this.parent?.() ?? []), labelPlacement()]
  },
})

export function presenceCarets(provider: WebsocketProvider, user: PresenceUser) {
  const { awareness } = provider
  /** A var() of the person's property, falling back to their colour now (before the property is set). */
  const colorOf = (user: Partial<PresenceUser>): string => {
    const now = typeof user.id === 'string' ? presenceColors(awareness).get(user.id) : undefined
    const color = now ?? user.color ?? 'transparent'
    return typeof user.id === 'string' ? `var(${caretColorProperty(user.id)}, ${color})` : color
  }
  return PresenceCarets.configure({
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
