/**
 * One audit entry as a person reads it: a sentence (王组长导出了审定稿 PDF（v3）) and, where the
 * entry holds words someone wrote (a note, an opinion, a reason, a version's name), those words.
 * The entry's details are taken apart by shared/audit-details.ts, which the server writes them with.
 */
import {
  readCreateDetails,
  readDisposeDetails,
  readExportDetails,
  readFollowUpDetails,
  readInviteDetails,
  readKindChangeDetails,
  readRegisterCorrectionDetails,
  readRegisterDetails,
  readRenameDetails,
  readRestoreDetails,
  readReturnedDraftDetails,
  readSuggestionDetails,
  readVersionDetails,
} from '../../shared/audit-details.js'
import type { AuditEntry } from '../../shared/schema.js'
import { hasMessage, t } from '../i18n/i18n.js'
import type { NameOf } from './use-display-names.js'

export interface AuditLine {
  sentence: string
  /** Words someone wrote, shown under the sentence; null when the sentence says everything. */
  details: string | null
}

/** A catalogue key made of a prefix and a value from an entry, or the value itself when there is none. */
function named(prefix: string, value: string): string {
  const key = `${prefix}${value}`
  return hasMessage(key) ? t(key) : value
}

export function auditLine(entry: AuditEntry, nameOf: NameOf): AuditLine {
  const actor = (entry.actorId && nameOf(entry.actorId)) || t('audit.someone')
  const version = entry.versionNumber ?? ''
  const generic: AuditLine = {
    sentence: t(`audit.sentence.${entry.action}`, { actor, version }),
    details: entry.details || null,
  }
  const written = (key: 'workflow.note' | 'workflow.opinion' | 'audit.reason') =>
    entry.details ? t(key, { text: entry.details }) : null

  switch (entry.action) {
    case 'version': {
      const saved = readVersionDetails(entry.details)
      if (!saved) return generic
      return {
        sentence: t('audit.sentence.saved', { actor, version, kind: named('versions.kind.', saved.kind) }),
        details: saved.label || null,
      }
    }
    case 'submit':
      return { ...generic, details: written('workflow.note') }
    case 'approve':
    case 'return':
      return { ...generic, details: written('workflow.opinion') }
    case 'reopen':
      return { ...generic, details: written('audit.reason') }
    case 'restore': {
      const from = readRestoreDetails(entry.details)
      return from === null
        ? generic
        : { sentence: t('audit.sentence.restore', { actor, version: from }), details: null }
    }
    case 'export': {
      const exported = readExportDetails(entry.details)
      if (!exported) return generic
      if (exported.kind === 'redline')
        return { sentence: t('audit.sentence.exportRedline', { actor, ...exported }), details: null }
      const format = t(`export.format.${exported.format}`)
      if (exported.kind === 'approved')
        return { sentence: t('audit.sentence.exportApproved', { actor, version, format }), details: null }
      const mark = t(`export.mark.${exported.mark}`)
      return { sentence: t('audit.sentence.exportVersion', { actor, version, format, mark }), details: null }
    }
    case 'register': {
      const sent = readRegisterDetails(entry.details)
      if (!sent) return generic
      return {
        sentence: t('audit.sentence.registered', {
          actor,
          version,
          number: sent.documentNumber,
          recipients: sent.recipients,
          sentOn: sent.sentOn,
        }),
        details: null,
      }
    }
    case 'register_correct': {
      const corrected = readRegisterCorrectionDetails(entry.details)
      if (!corrected) return generic
      const superseded = corrected.superseded.length
      return {
        sentence: t('audit.sentence.registerCorrected', {
          actor,
          version,
          from: corrected.fromNumber,
          to: corrected.toNumber,
        }),
        details:
          t('audit.reason', { text: corrected.reason }) + (superseded ? t('audit.superseded', { n: superseded }) : ''),
      }
    }
    case 'create': {
      const created = readCreateDetails(entry.details)
      if (!created) return generic
      if (created.importedFrom !== undefined) {
        return {
          sentence: t('audit.sentence.imported', { actor, title: created.title, file: created.importedFrom }),
          details: null,
        }
      }
      const template = named('template.', created.template)
      return { sentence: t('audit.sentence.created', { actor, title: created.title, template }), details: null }
    }
    case 'rename': {
      const renamed = readRenameDetails(entry.details)
      return renamed ? { sentence: t('audit.sentence.renamed', { actor, ...renamed }), details: null } : generic
    }
    case 'kind_change': {
      const changed = readKindChangeDetails(entry.details)
      if (!changed) return generic
      const before = named('kind.', changed.before)
      const after = named('kind.', changed.after)
      return { sentence: t('audit.sentence.kindChanged', { actor, before, after }), details: null }
    }
    case 'delete':
      return { sentence: t('audit.sentence.deleted', { actor, title: entry.details }), details: null }
    case 'invite': {
      const invited = readInviteDetails(entry.details)
      if (!invited) return generic
      const name = nameOf(invited.userId).startsWith('#') ? invited.username : nameOf(invited.userId)
      const until = invited.until ? t('invitations.until', { date: invited.until }) : t('invitations.noEnd')
      return { sentence: t('audit.sentence.invited', { actor, name, until }), details: null }
    }
    case 'revoke_invitation':
      return { sentence: t('audit.sentence.revoked', { actor, name: nameOf(entry.details) }), details: null }
    case 'dispose': {
      const disposed = readDisposeDetails(entry.details)
      if (!disposed) return generic
      const kind = named('comments.disposition.', disposed.kind)
      return { sentence: t('audit.sentence.disposed', { actor, kind }), details: disposed.rationale || null }
    }
    case 'returned_draft': {
      const imported = readReturnedDraftDetails(entry.details)
      if (!imported) return generic
      const from = 'unit' in imported.from ? imported.from.unit : nameOf(imported.from.userId)
      return {
        sentence: t('audit.sentence.returnedDraft', {
          actor,
          from,
          file: imported.fileName,
          suggestions: imported.suggestions,
          comments: imported.comments,
          unplaced: imported.unplaced,
        }),
        details: null,
      }
    }
    case 'follow_up_add':
    case 'follow_up_remove': {
      const recorded = readFollowUpDetails(entry.details)
      if (!recorded) return generic
      const key = entry.action === 'follow_up_add' ? 'audit.sentence.followUpAdded' : 'audit.sentence.followUpRemoved'
      const kind = named('followUp.kind.', recorded.kind)
      return {
        sentence: t(key, { actor, kind, date: recorded.date, summary: recorded.summary }),
        details: recorded.fileName,
      }
    }
    case 'suggestion': {
      const decided = readSuggestionDetails(entry.details)
      if (!decided) return generic
      const { from, to } = decided
      const change =
        from === ''
          ? t('audit.suggestion.insert', { to })
          : to === ''
            ? t('audit.suggestion.delete', { from })
            : t('audit.suggestion.replace', { from, to })
      return {
        sentence: t(`audit.sentence.suggestion.${decided.outcome}`, { actor, change }),
        details: decided.rationale || null,
      }
    }
    default:
      return generic
  }
}
