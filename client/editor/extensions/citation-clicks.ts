/**
 * Tells what cited words (引用) point at when they are clicked, and whether the click asked for it
 * (Ctrl or ⌘ held): the caret still goes where the click put it; the editor decides whether the
 * 来源 panel opens (Editor.tsx).
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { readCitationTarget, writeCitationTarget } from '../../../shared/editor/citation-targets.js'

export interface CitationClicksOptions {
  /** Told the target (`material:ID` or `document:ID`) of the cited words clicked, and whether Ctrl or ⌘ was held. */
  onOpen: ((target: string, asked: boolean) => void) | null
}

export const CitationClicks = Extension.create<CitationClicksOptions>({
  name: 'citationClicks',
  addOptions() {
    return { onOpen: null }
  },
  addProseMirrorPlugins() {
    const open = () => this.options.onOpen
    return [
      new Plugin({
        key: new PluginKey('citationClicks'),
        props: {
          handleClick(_view, _pos, event) {
            const element = event.target instanceof Element ? event.target.closest('[data-citation]') : null
            const target = readCitationTarget(element?.getAttribute('data-citation'))
            if (target) open()?.(writeCitationTarget(target), event.ctrlKey || event.metaKey)
            // The click goes on: the caret moves there as for any words.
            return false
          },
        },
      }),
    ]
  },
})
