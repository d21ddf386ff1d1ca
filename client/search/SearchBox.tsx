/** The header's search field: Enter opens 搜索 with the words. */
import { useState, type FormEvent } from 'react'
import { MAX_QUERY_CHARS } from '../../shared/search.js'
import { t } from '../i18n/i18n.js'
import { navigate } from '../routing/route.js'
import { searchHref } from './routes.js'

export function SearchBox() {
  const [query, setQuery] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const q = query.trim()
    if (!q) return
    navigate(searchHref(q))
    setQuery('')
  }
  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <input
        type="search"
        className="search-box__input"
        value={query}
        maxLength={MAX_QUERY_CHARS}
        placeholder={t('search.boxPlaceholder')}
        aria-label={t('search.label')}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="search-box"
      />
    </form>
  )
}
