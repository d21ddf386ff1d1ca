/** What an upload is, by its content (server/domain/material-type.ts), and the audit details of a material. */
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { sniffMaterialType } from '../../server/domain/material-type.js'
import { readMaterialDetails, writeMaterialDetails } from '../../shared/audit-details.js'
import {
  colouredPng,
  htmlPage,
  jpegStart,
  peExecutable,
  plainZip,
  sampleDocx,
  samplePdf,
  sampleXlsx,
} from '../helpers/material-files.js'

describe('sniffMaterialType', () => {
  it('recognises each kind it takes by its content', async () => {
    expect(sniffMaterialType(await samplePdf())).toBe('pdf')
    expect(sniffMaterialType(sampleDocx())).toBe('docx')
    expect(sniffMaterialType(sampleXlsx())).toBe('xlsx')
    expect(sniffMaterialType(colouredPng())).toBe('png')
    expect(sniffMaterialType(jpegStart)).toBe('jpeg')
  })

  it('takes nothing else: executables, pages, plain zips, Office files without their main part, damaged zips, empty files', () => {
    expect(sniffMaterialType(peExecutable())).toBeNull()
    expect(sniffMaterialType(htmlPage())).toBeNull()
    expect(sniffMaterialType(plainZip())).toBeNull()
    expect(sniffMaterialType(zipSync({ '[Content_Types].xml': strToU8('<Types/>') }))).toBeNull()
    expect(sniffMaterialType(zipSync({ 'word/document.xml': strToU8('<w:document/>') }))).toBeNull()
    expect(sniffMaterialType(sampleDocx().subarray(0, 40))).toBeNull()
    expect(sniffMaterialType(new Uint8Array(0))).toBeNull()
    // A PDF header after anything else (a polyglot page) is not a PDF here.
    expect(sniffMaterialType(strToU8('<html>%PDF-1.7'))).toBeNull()
    // An old binary .doc or .xls, or an encrypted Office file (OLE compound file).
    expect(sniffMaterialType(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0))).toBeNull()
  })
})

describe('material audit details', () => {
  it('are read back as written, titles with any characters included', () => {
    const details = {
      id: 'AAAAAAAAAAAAAAAA',
      groupId: 'BBBBBBBBBBBBBBBB',
      title: '调研报告 "第一期" (group x): 附表',
      source: '市农业农村局',
      date: '2026-03-12',
      type: 'pdf',
      fileName: 'report.pdf',
      size: 123,
      sha256: 'f'.repeat(64),
    }
    expect(readMaterialDetails(writeMaterialDetails(details))).toEqual(details)
    expect(readMaterialDetails('material x (group y): not json')).toBeNull()
    expect(readMaterialDetails('something else')).toBeNull()
  })
})
