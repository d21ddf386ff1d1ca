/**
 * A comment's plain text, with @mentions of participants shown by name. Text nodes only, never HTML.
 * A long one folds to its first lines (展开 / 收起), so that one essay does not push every other
 * thread of the sidebar out of sight.
 */
import { useLayoutEffect, useRef, useState } from 'react'
import { mentionPattern } from '../../shared/mentions.js'
import type { Participant } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

interface CommentBodyProps {
  body: string
  participants: Participant[]
  meId: string | null
}

export function CommentBody({ body, participants, meId }: CommentBodyProps) {
  const [expanded, setExpanded] = useState(false)
  // Whether the folded text hides anything: known only once laid out, at the sidebar's width.
  const [long, setLong] = useState(false)
  const text = useRef<HTMLParagraphElement>(null)

  useLayoutEffect(() => {
    const element = text.current
    if (!element || expanded) return
    // Folded, the box is cut at its sixth line (.comment__body--folded): anything taller overflows it.
    const check = () => setLong(element.scrollHeight > element.clientHeight + 1)
    // The observer reports the box once it is laid out, then whenever the sidebar narrows or widens
    // (a drawer on narrow screens) and the lines wrap anew. Not measured here: reading the height
    // now would lay out the whole page (a 100,000-character draft) once per comment as it mounts.
    const observer = new ResizeObserver(check)
    observer.observe(element)
    return () => observer.disconnect()
  }, [body, expanded])

  const byUsername = new Map(participants.map((p) => [p.username, p]))
  const parts: (string | { key: number; person: Participant })[] = []
  let last = 0
  for (const match of body.matchAll(mentionPattern)) {
    const person = byUsername.get(match[1])
    if (!person) continue
    parts.push(body.slice(last, match.index), { key: match.index, person })
    last = match.index + match[0].length
  }
  parts.push(body.slice(last))
  return (
    <>
      <p
        ref={text}
        className={expanded ? 'comment__body' : 'comment__body comment__body--folded'}
        data-testid="comment-body"
        data-folded={long && !expanded ? 'true' : undefined}
      >
        {parts.map((part) =>
          typeof part === 'string' ? (
            part
          ) : (
            <span
              key={part.key}
              className={part.person.id === meId ? 'mention mention--me' : 'mention'}
              title={`@${part.person.username}`}
              data-testid="mention"
            >
              @{part.person.displayName}
            </span>
          ),
        )}
      </p>
      {(long || expanded) && (
        <button
          type="button"
          className="comment-action comment__fold"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
          data-testid="comment-fold"
        >
          {expanded ? t('comments.collapse') : t('comments.expand')}
        </button>
      )}
    </>
  )
}
