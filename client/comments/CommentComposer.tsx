/**
 * A plain-text box for a comment: typing `@` lists the document's participants, and picking one
 * inserts `@username` (the form the server recognises as a mention). Ctrl+Enter sends, Esc cancels.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Participant } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { errorMessage, t } from '../i18n/i18n.js'

interface CommentComposerProps {
  participants: Participant[]
  meId: string | null
  placeholder: string
  submitLabel: string
  initial?: string
  autoFocus?: boolean
  /** Throws to keep the text and show why it was not sent. */
  onSubmit: (body: string) => Promise<void>
  onCancel?: () => void
  testId?: string
}

/** The `@query` being typed just before the caret, if any. */
function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[^A-Za-z0-9._-])@([^\s@]{0,40})$/.exec(text.slice(0, caret))
  if (!match) return null
  return { start: caret - match[2].length - 1, query: match[2] }
}

/** Room the list of people may take (see .mention-list in styles.css). */
const listHeight = 240

function matching(participants: Participant[], query: string, meId: string | null): Participant[] {
  const q = query.toLowerCase()
  return participants
    .filter((p) => p.id !== meId && (p.username.startsWith(q) || p.displayName.toLowerCase().includes(q)))
    .slice(0, 8)
}

export function CommentComposer({
  participants,
  meId,
  placeholder,
  submitLabel,
  initial = '',
  autoFocus,
  onSubmit,
  onCancel,
  testId,
}: CommentComposerProps) {
  const [text, setText] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [mention, setMention] = useState<{
    start: number
    options: Participant[]
    index: number
    above: boolean
  } | null>(null)
  const area = useRef<HTMLTextAreaElement>(null)
  const listId = useId()
  const textId = useId()
  // Over the limit the text stays as typed or pasted, and the counter says how much to cut.
  const length = measure(textLimits.comment, text)

  const follow = (value: string, caret: number) => {
    const found = mentionQueryAt(value, caret)
    const options = found ? matching(participants, found.query, meId) : []
    if (!found || options.length === 0) return setMention(null)
    // The list opens upwards when the box sits low on the screen (a reply box at the end of a long thread).
    const box = area.current?.getBoundingClientRect()
    const above = box ? box.bottom + listHeight > window.innerHeight && box.top > listHeight : false
    setMention({
      start: found.start,
      options,
      index: mention?.index && mention.index < options.length ? mention.index : 0,
      above,
    })
  }

  const pick = (person: Participant) => {
    const element = area.current
    if (!mention || !element) return
    const caret = element.selectionStart
    const inserted = `@${person.username} `
    const value = text.slice(0, mention.start) + inserted + text.slice(caret)
    setText(value)
    setMention(null)
    const at = mention.start + inserted.length
    requestAnimationFrame(() => {
      element.focus()
      element.setSelectionRange(at, at)
    })
  }

  const submit = async () => {
    if (busy || text.trim() === '' || length.over) return
    setBusy(true)
    setError(null)
    try {
      await onSubmit(text)
      setText('')
      setMention(null)
    } catch (cause) {
      setError(t('comments.failed', { message: errorMessage(cause) }))
    } finally {
      setBusy(false)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Keys that confirm a Chinese input method's candidate belong to the input method.
    if (event.nativeEvent.isComposing) return
    if (mention) {
      const count = mention.options.length
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : count - 1
        setMention({ ...mention, index: (mention.index + step) % count })
        return
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault()
        pick(mention.options[mention.index])
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        setMention(null)
        return
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void submit()
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault()
      onCancel()
    }
  }

  const optionId = (index: number) => `${listId}-${index}`

  return (
    <form
      className="composer"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <div className="composer__field">
        <textarea
          ref={area}
          id={textId}
          className="input composer__text"
          value={text}
          rows={2}
          placeholder={placeholder}
          aria-label={placeholder}
          autoFocus={autoFocus}
          aria-describedby={describedWith(textId, length)}
          aria-invalid={length.over || undefined}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={mention !== null}
          aria-controls={mention ? listId : undefined}
          aria-activedescendant={mention ? optionId(mention.index) : undefined}
          onChange={(event) => {
            setText(event.target.value)
            follow(event.target.value, event.target.selectionStart)
          }}
          onSelect={(event) => {
            const element = event.currentTarget
            if (mention) follow(element.value, element.selectionStart)
          }}
          onBlur={() => setMention(null)}
          onKeyDown={onKeyDown}
        />
        {mention && (
          <ul
            id={listId}
            className={mention.above ? 'mention-list mention-list--above' : 'mention-list'}
            role="listbox"
            aria-label={t('comments.mentionList')}
            data-testid="mention-list"
          >
            {mention.options.map((person, index) => (
              <li
                key={person.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === mention.index}
                className="mention-list__option"
                // Keep the focus (and the caret) in the text box.
                onMouseDown={(event) => {
                  event.preventDefault()
                  pick(person)
                }}
              >
                <span className="mention-list__name">{person.displayName}</span>
                <span className="mention-list__username muted">@{person.username}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <LengthCounter inputId={textId} measured={length} name={t('limits.comment')} />
      {error && (
        <p className="composer__error" role="alert">
          {error}
        </p>
      )}
      <div className="composer__actions">
        <span className="composer__hint muted">{t('comments.composerHint')}</span>
        {onCancel && (
          <button type="button" className="button button--quiet button--small" onClick={onCancel} disabled={busy}>
            {t('comments.cancel')}
          </button>
        )}
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={busy || text.trim() === '' || length.over}
        >
          {submitLabel}
        </button>
      </div>
    </form>
  )
}
