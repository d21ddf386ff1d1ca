/** A comment's plain text, with @mentions of participants shown by name. Text nodes only, never HTML. */
import { mentionPattern, type Participant } from '../../shared/schema.js'

interface CommentBodyProps {
  body: string
  participants: Participant[]
  meId: string | null
}

export function CommentBody({ body, participants, meId }: CommentBodyProps) {
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
    <p className="comment__body" data-testid="comment-body">
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
  )
}
