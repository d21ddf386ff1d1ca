/**
 * 评论列表: on a narrow screen the threads sit in a drawer over the text; this button in the toolbar
 * opens and closes it, with the number of open threads (suggestions not yet decided included). Wide screens show the sidebar and not it.
 */
import { t } from '../i18n/i18n.js'
import { useComments, type CommentsStore } from './comments-store.js'
import { isSettled } from './ThreadFilters.js'

interface CommentsDrawerToggleProps {
  store: CommentsStore
  open: boolean
  setOpen: (open: boolean) => void
}

/** The id of the sidebar, which the toggle controls. */
export const commentsDrawerId = 'comments-drawer'

export function CommentsDrawerToggle({ store, open, setOpen }: CommentsDrawerToggleProps) {
  const { threads } = useComments(store)
  const openThreads = threads.filter((thread) => !isSettled(thread)).length
  return (
    <button
      type="button"
      className="tool comments-toggle"
      aria-expanded={open}
      aria-controls={commentsDrawerId}
      title={t('comments.drawerTitle', { n: openThreads })}
      // The selection stays in the text: the drawer may be opened to comment on it.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => setOpen(!open)}
      data-testid="comments-toggle"
    >
      {t('comments.drawer')}
      {openThreads > 0 && <span className="comments-toggle__count">{openThreads}</span>}
    </button>
  )
}
