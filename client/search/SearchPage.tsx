/** 搜索: words across the documents this reader may open, each hit with its sentence and a link to the exact place. */
import { useEffect, useState, type FormEvent } from 'react'
import type { SearchHit, SearchResults } from '../../shared/schema.js'
import { MAX_QUERY_CHARS } from '../../shared/search.js'
import { api, call } from '../api/client.js'
import { readVersionPath } from '../approvals/routes.js'
import { errorMessage, t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { navigate, useSearch } from '../routing/route.js'
import { findInDocumentHref, searchHref, threadHref } from './routes.js'

type State =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; results: SearchResults }
  | { kind: 'failed'; message: string }

const queryOf = (search: string) => new URLSearchParams(search).get('q')?.trim() ?? ''

export function SearchPage() {
  // The address says what was searched: the page can be reloaded, shared, and gone back through.
  const asked = queryOf(useSearch())
  const [query, setQuery] = useState(asked)
  const [state, setState] = useState<State>({ kind: 'idle' })

  useEffect(() => setQuery(asked), [asked])

  useEffect(() => {
    if (!asked) return
    let current = true
    setState({ kind: 'searching' })
    call(api.api.search.$get({ query: { q: asked } })).then(
      (results) => current && setState({ kind: 'done', results }),
      (error: unknown) => current && setState({ kind: 'failed', message: errorMessage(error) }),
    )
    return () => {
      current = false
    }
  }, [asked])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const next = query.trim()
    if (next) navigate(searchHref(next))
  }

  return (
    <section className="search-page" data-testid="search-page">
      <h1 className="page-title">{t('search.title')}</h1>
      <form className="search-page__form" role="search" onSubmit={submit}>
        <input
          type="search"
          className="search-page__input"
          value={query}
          maxLength={MAX_QUERY_CHARS}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          onChange={(event) => setQuery(event.target.value)}
          data-testid="search-input"
        />
        <button type="submit" className="button button--primary" disabled={!query.trim()}>
          {t('search.submit')}
        </button>
      </form>
      {!asked && <p className="muted">{t('search.hint')}</p>}
      {state.kind === 'searching' && (
        <p className="muted" role="status">
          {t('search.searching')}
        </p>
      )}
      {state.kind === 'failed' && (
        <p className="notice-line" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && <Results results={state.results} />}
    </section>
  )
}

function Results({ results }: { results: SearchResults }) {
  if (results.results.length === 0 && results.materials.length === 0)
    return <p className="empty">{t('search.none', { q: results.query })}</p>
  return (
    <>
      {results.materials.length > 0 && <MaterialResults results={results} />}
      {results.results.length > 0 && (
        <p className="muted" role="status">
          {t('search.count', { n: results.results.length, q: results.query })}
          {results.skipped > 0 && ` ${t('search.skipped', { n: results.skipped })}`}
        </p>
      )}
      <ul className="search-results" data-testid="search-results">
        {results.results.map((result) => (
          <li key={result.documentId} className="search-result" data-document-id={result.documentId}>
            <p className="search-result__title">
              <span>{result.title}</span>
              <span className="muted search-result__meta">
                {result.groupName} · {t(`status.${result.status}`)}
                {result.textCount > 0 && ` · ${t('search.inText', { n: result.textCount })}`}
              </span>
            </p>
            <ul className="search-result__hits">
              {result.hits.map((hit) => (
                <li key={hitKey(hit)}>
                  <Link
                    href={hitHref(result.documentId, results.query, hit)}
                    className="search-hit"
                    data-testid="search-hit"
                  >
                    <span className="search-hit__where">{whereLabel(hit)}</span>
                    <span className="search-hit__snippet">
                      {hit.snippet.before}
                      <mark>{hit.snippet.match}</mark>
                      {hit.snippet.after}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  )
}

/** Materials found by their title or source: each opens (downloads) its file. */
function MaterialResults({ results }: { results: SearchResults }) {
  return (
    <section className="search-materials" aria-labelledby="search-materials-title">
      <h2 id="search-materials-title" className="section-title">
        {t('search.materials', { n: results.materials.length })}
      </h2>
      <ul className="search-results" data-testid="search-materials">
        {results.materials.map((material) => (
          <li key={material.materialId} className="search-result">
            <a
              className="search-hit"
              href={`/api/groups/${encodeURIComponent(material.groupId)}/materials/${encodeURIComponent(material.materialId)}/file`}
              download
              data-testid="search-material"
            >
              <span className="search-hit__where">
                {t(material.field === 'title' ? 'search.materialTitle' : 'search.materialSource')}
              </span>
              <span className="search-hit__snippet">
                {material.snippet.before}
                <mark>{material.snippet.match}</mark>
                {material.snippet.after}
              </span>
              <span className="muted search-result__meta">
                {material.field === 'source' ? `${material.title} · ` : `${material.source} · `}
                {material.groupName} · {material.date}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

const hitKey = (hit: SearchHit): string =>
  hit.where === 'text' ? `t${hit.occurrence}` : hit.where === 'version' ? `v${hit.versionNumber}` : `c${hit.threadId}`

function hitHref(docId: string, query: string, hit: SearchHit): string {
  switch (hit.where) {
    case 'text':
      return findInDocumentHref(docId, query, hit.occurrence)
    case 'version':
      return readVersionPath(docId, hit.versionNumber)
    case 'thread':
      return threadHref(docId, hit.threadId)
  }
}

function whereLabel(hit: SearchHit): string {
  switch (hit.where) {
    case 'text':
      return t('search.whereText')
    case 'version':
      return t('search.whereVersion', { n: hit.versionNumber })
    case 'thread':
      return t('search.whereThread')
  }
}
