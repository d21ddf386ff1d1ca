/** Every UI string, in Simplified Chinese (the default) and English, and the `t()` that picks one. */

const zhCN = {
  'app.name': '建议',
  'app.tagline': '政协建议案协同起草',
  'app.loading': '正在加载…',
  'app.unreachable': '无法连接服务器：{message}',
  'app.retry': '重试',
  'app.signOut': '退出登录',
  'app.pageMissing': '页面不存在',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.failed': '用户名或密码不正确，或账号已停用',
  'login.rateLimited': '登录失败次数过多，请稍后再试',

  'identity.title': '欢迎使用「建议」',
  'identity.intro': '协同起草时，其他成员会看到您的姓名和光标颜色。请选择一种颜色：',
  'identity.color': '光标颜色',
  'identity.colorOption': '颜色 {n}',
  'identity.start': '开始使用',
  'identity.save': '保存',
  'identity.edit': '修改我的光标颜色',
  'identity.cancel': '取消',

  'documents.title': '建议案草稿',
  'documents.empty': '还没有您可以查看的草稿。',
  'documents.emptyConvener': '还没有草稿。在上方输入标题，创建第一份建议案。',
  'documents.loading': '正在加载…',
  'documents.newTitle': '新建议案标题',
  'documents.newPlaceholder': '例如：关于加强我市高标准农田建设的建议案',
  'documents.group': '调研组',
  'documents.create': '新建',
  'documents.open': '打开',
  'documents.rename': '重命名',
  'documents.renameSave': '保存',
  'documents.renameCancel': '取消',
  'documents.delete': '删除',
  'documents.deleteTitle': '删除草稿',
  'documents.deleteConfirm': '确定删除《{title}》吗？删除后无法恢复。',
  'documents.deleteCancel': '取消',
  'documents.updatedAt': '更新于 {time}',
  'documents.loadFailed': '无法加载草稿列表：{message}',
  'documents.actionFailed': '操作失败：{message}',
  'documents.readOnly': '只读',

  'status.draft': '草稿',
  'status.submitted': '已提交',
  'status.returned': '已退回',
  'status.approved': '已通过',

  'editor.back': '返回草稿列表',
  'editor.loading': '正在打开文档…',
  'editor.readOnly': '只读：您可以阅读此文档，但不能修改',
  'editor.notFound': '文档不存在或无权访问',
  'editor.forbidden': '您无权访问此文档',
  'editor.unauthenticated': '登录已失效，请重新登录',
  'editor.signInAgain': '重新登录',
  'editor.refusedOther': '服务器拒绝了连接（代码 {code}）',
  'editor.backToList': '返回草稿列表',

  'toolbar.label': '格式',
  'toolbar.heading': '{level} 级标题',
  'toolbar.headingShort': '标题{level}',
  'toolbar.bold': '加粗',
  'toolbar.orderedList': '编号列表',
  'toolbar.bulletList': '项目符号列表',
  'toolbar.undo': '撤销',
  'toolbar.redo': '重做',

  'connection.connected': '已连接',
  'connection.connecting': '正在连接…',
  'connection.reconnecting': '正在重新连接…',
  'connection.offline': '离线',

  'presence.label': '在线成员',
  'presence.you': '（我）',
} as const

/** A key of the message tables. */
export type MessageKey = keyof typeof zhCN

const en: Record<MessageKey, string> = {
  'app.name': 'Jianyi',
  'app.tagline': 'Collaborative drafting of CPPCC proposals',
  'app.loading': 'Loading…',
  'app.unreachable': 'Cannot reach the server: {message}',
  'app.retry': 'Retry',
  'app.signOut': 'Sign out',
  'app.pageMissing': 'There is no such page',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'Wrong username or password, or the account is disabled',
  'login.rateLimited': 'Too many failed sign-ins; please try again later',

  'identity.title': 'Welcome to Jianyi',
  'identity.intro': 'While you draft together, the others see your name and caret colour. Pick a colour:',
  'identity.color': 'Caret colour',
  'identity.colorOption': 'Colour {n}',
  'identity.start': 'Start',
  'identity.save': 'Save',
  'identity.edit': 'Change my caret colour',
  'identity.cancel': 'Cancel',

  'documents.title': 'Draft proposals',
  'documents.empty': 'There are no drafts you may see yet.',
  'documents.emptyConvener': 'No drafts yet. Enter a title above to create the first proposal.',
  'documents.loading': 'Loading…',
  'documents.newTitle': 'Title of the new proposal',
  'documents.newPlaceholder': 'e.g. Proposal on improving high-standard farmland in our city',
  'documents.group': 'Research group',
  'documents.create': 'Create',
  'documents.open': 'Open',
  'documents.rename': 'Rename',
  'documents.renameSave': 'Save',
  'documents.renameCancel': 'Cancel',
  'documents.delete': 'Delete',
  'documents.deleteTitle': 'Delete draft',
  'documents.deleteConfirm': 'Delete “{title}”? This cannot be undone.',
  'documents.deleteCancel': 'Cancel',
  'documents.updatedAt': 'Updated {time}',
  'documents.loadFailed': 'Could not load the drafts: {message}',
  'documents.actionFailed': 'That did not work: {message}',
  'documents.readOnly': 'Read only',

  'status.draft': 'Draft',
  'status.submitted': 'Submitted',
  'status.returned': 'Returned',
  'status.approved': 'Approved',

  'editor.back': 'Back to drafts',
  'editor.loading': 'Opening the document…',
  'editor.readOnly': 'Read only: you may read this document but not change it',
  'editor.notFound': 'This document does not exist or you may not open it',
  'editor.forbidden': 'You may not open this document',
  'editor.unauthenticated': 'Your session has ended; please sign in again',
  'editor.signInAgain': 'Sign in again',
  'editor.refusedOther': 'The server refused the connection (code {code})',
  'editor.backToList': 'Back to drafts',

  'toolbar.label': 'Formatting',
  'toolbar.heading': 'Heading {level}',
  'toolbar.headingShort': 'H{level}',
  'toolbar.bold': 'Bold',
  'toolbar.orderedList': 'Numbered list',
  'toolbar.bulletList': 'Bulleted list',
  'toolbar.undo': 'Undo',
  'toolbar.redo': 'Redo',

  'connection.connected': 'Connected',
  'connection.connecting': 'Connecting…',
  'connection.reconnecting': 'Reconnecting…',
  'connection.offline': 'Offline',

  'presence.label': 'People here',
  'presence.you': '(you)',
}

export type Locale = 'zh-CN' | 'en'

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }

const LOCALE_KEY = 'jianyi.locale'

/**
 * The locale is read once at start-up: the group writes in Chinese, so zh-CN is the default
 * regardless of the browser's language; `localStorage['jianyi.locale'] = 'en'` switches.
 */
function readLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const locale: Locale = readLocale()

/** The message for `key` in the current locale, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = tables[locale][key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })

/** An ISO-8601 time as the reader's locale writes it. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date)
}
