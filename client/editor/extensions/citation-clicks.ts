/**
 * Opens what cited words (引用) point at when they are clicked: the caret still goes where the click
 * put it, and the 来源 panel beside the editor shows the material or document.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { readCitationTarget, writeCitationTarget } from '../../../shared/editor/citation-targets.js'

export interface CitationClicksOptions {
  /** Told the target (`material:ID` or `document:ID`) of the cited words clicked. */
  onOpen: ((target: string) => void) | null
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
            if (target) open()?.(writeCitationTarget(target))
            // The click goes on: the caret moves there as for any words.
            return false
          },
        },
      }),
    ]
  },
})
