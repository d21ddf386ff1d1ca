/**
 * One rulebook: server/policy.ts decides who may do what, and the client shows what the server
 * says (abilities, workflow actions, the standing it names). This test reads every file of client/
 * and fails on the shapes a restated rule takes: a role compared with a role's name, a role's name
 * in a switch or a membership test, the workflow machine or a policy predicate called locally.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/server.js'

const roleNames = new Set(['admin', 'member', 'convener', 'chair', 'secretary', 'commenter'])
/** What the rules are made of on the server; none of it may run in the browser. */
const ruleFunctions = new Set(['transition', 'isEditable', 'workflowRole', 'workflowActionsOf', 'documentAccess'])
const comparisons = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
])

const clientDir = join(repoRoot, 'client')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

const isRoleName = (node: ts.Node): boolean =>
  (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && roleNames.has(node.text)

/** Every place in one file where a rule is restated, as `file:line: what`. */
function restatedRules(path: string, text = readFileSync(path, 'utf8')): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const report = (node: ts.Node, what: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file))
    found.push(`${relative(repoRoot, path)}:${line + 1}: ${what}: ${node.getText(file).slice(0, 80)}`)
  }
  const visit = (node: ts.Node) => {
    if (ts.isBinaryExpression(node) && comparisons.has(node.operatorToken.kind)) {
      if (isRoleName(node.left) || isRoleName(node.right)) report(node, 'compares with a role’s name')
    }
    if (ts.isCaseClause(node) && isRoleName(node.expression)) report(node.expression, 'switches on a role’s name')
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : ''
      if (name === 'includes' && node.arguments.some(isRoleName)) report(node, 'looks a role’s name up')
      if (
        name === 'includes' &&
        ts.isPropertyAccessExpression(callee) &&
        ts.isArrayLiteralExpression(callee.expression) &&
        callee.expression.elements.some(isRoleName)
      )
        report(node, 'looks a role up among roles’ names')
      if (ruleFunctions.has(name) || /^(can|may)[A-Z]/.test(name)) report(node, 'decides a rule itself')
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text
      const typeOnly = node.importClause?.isTypeOnly ?? false
      if (/server\/policy/.test(from)) report(node, 'imports the policy')
      if (/shared\/workflow/.test(from) && !typeOnly) report(node, 'imports the workflow machine (types only, please)')
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

describe('the client asks the server and never restates a rule', () => {
  const files = sourceFiles(clientDir)

  it('reads the whole client', () => {
    expect(files.length).toBeGreaterThan(50)
  })

  it('has no file that compares roles with role names, looks them up, or runs a rule of the policy or the workflow', () => {
    expect(files.flatMap((file) => restatedRules(file))).toEqual([])
  })

  it('would notice each shape of a restated rule, and lets a status be shown', () => {
    const probe = (source: string) => restatedRules(join(clientDir, 'probe.tsx'), source).length
    expect(probe("if (me.user.role === 'chair') show()")).toBe(1)
    expect(probe("const ok = 'secretary' !== role")).toBe(1)
    expect(probe("switch (role) { case 'admin': break }")).toBe(1)
    expect(probe("const ok = ['chair', 'secretary'].includes(role)")).toBe(1)
    expect(probe("if (transition(status, 'submit', role).ok) show()")).toBe(1)
    expect(probe('const ok = mayExportDraft(role)')).toBe(1)
    expect(probe("import { transition } from '../../shared/workflow.js'")).toBe(1)
    expect(probe("import type { WorkflowAction } from '../../shared/workflow.js'")).toBe(0)
    expect(probe("if (workflow.status === 'approved') show()")).toBe(0)
    expect(probe('if (me.abilities.inbox) show()')).toBe(0)
  })
})
