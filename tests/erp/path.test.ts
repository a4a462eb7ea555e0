import { describe, expect, it } from 'vitest'
import { readErpBody } from '../../src/connectors/erp/body.ts'
import { CrossdockError } from '../../src/errors.ts'
import { compilePath, rootItem, selectItems, selectValues, type PathContext } from '../../src/mappers/erp/path.ts'

function ctxOf(tree: unknown, rootName?: string): PathContext {
  const root = rootItem(tree)
  return { root, rootName, current: root }
}

const json = readErpBody(
  `{
  "odata.metadata": "x#Items",
  "value": [
    { "ItemCode": "A", "Qty": 1.50, "Whs": [{ "Code": "01", "InStock": 3 }, { "Code": "02", "InStock": 4 }], "product_id": [41, "[A] Mug"] },
    { "ItemCode": "B", "Qty": 2, "Whs": [{ "Code": "01", "InStock": 5 }], "product_id": [42, "[B] Pot"] }
  ]
}`,
  'application/json',
)

const xml = readErpBody(
  `<Items>
  <odata.metadata>x#Items</odata.metadata>
  <value><ItemCode>A</ItemCode><Qty>1.50</Qty><Whs><Code>01</Code><InStock>3</InStock></Whs><Whs><Code>02</Code><InStock>4</InStock></Whs></value>
  <value><ItemCode>B</ItemCode><Qty>2</Qty><Whs code="01"><InStock>5</InStock></Whs></value>
</Items>`,
  'application/xml',
)

describe('path language over JSON', () => {
  const ctx = ctxOf(json.tree)
  it.each([
    ['$.value[*].ItemCode', ['A', 'B']],
    ['value.ItemCode', ['A', 'B']],
    ['$.value[0].ItemCode', ['A']],
    ['$.value[-1].ItemCode', ['B']],
    ["$['odata.metadata']", ['x#Items']],
    ['$.value.Whs.Code', ['01', '02', '01']],
    ["$.value[ItemCode='B'].Qty", ['2']],
    ["$.value[ItemCode!='B'].Qty", ['1.50']],
    ["$.value[?(@.ItemCode=='A')].Qty", ['1.50']],
    ['$.value[0].product_id[1]', ['[A] Mug']],
    ['/value/Whs/InStock', ['3', '4', '5']],
    ['$.nothing.here', []],
  ])('%s', (path, expected) => {
    expect(selectValues(path, ctx)).toEqual(expected)
  })

  it('* selects every child of an object', () => {
    const values = selectValues('$.value[1].*', ctx)
    expect(values.filter((v) => typeof v === 'string')).toEqual(['B', '2', '42', '[B] Pot'])
    expect(values.filter((v) => typeof v === 'object')).toHaveLength(1)
  })

  it('keeps JSON numbers as their source text', () => {
    expect(selectValues('$.value[0].Qty', ctx)).toEqual(['1.50'])
  })

  it('climbs to the parent with ^', () => {
    const rows = selectItems('$.value.Whs', ctx)
    expect(rows).toHaveLength(3)
    const parents = rows.map((r) => selectValues('^.ItemCode', { ...ctx, current: r })[0])
    expect(parents).toEqual(['A', 'A', 'B'])
  })
})

describe('path language over XML', () => {
  const ctx = ctxOf(xml.tree, xml.rootName)
  it.each([
    ['/Items/value/ItemCode', ['A', 'B']],
    ['/Other/value/ItemCode', []],
    ['$.value.ItemCode', ['A', 'B']],
    ['value/Whs/InStock', ['3', '4', '5']],
    ['value/Whs/@code', ['01']],
    ["value/Whs[@code='01']/InStock", ['5']],
    ["$['odata.metadata']", ['x#Items']],
    ['value[1]/Qty/text()', ['2']],
  ])('%s', (path, expected) => {
    expect(selectValues(path, ctx)).toEqual(expected)
  })

  it('reads a single element and repeated elements the same way as JSON arrays', () => {
    const jctx = ctxOf(json.tree)
    expect(selectValues('$.value.Whs.InStock', ctx)).toEqual(selectValues('$.value.Whs.InStock', jctx))
  })
})

describe('path compilation', () => {
  it.each(['', 'a..b', 'a[', 'a[foo bar]', 'name with space'])(
    'refuses %j with MAPPING_INVALID naming the path',
    (p) => {
      expect(() => compilePath(p)).toThrow(CrossdockError)
      try {
        compilePath(p)
      } catch (err) {
        expect((err as CrossdockError).code).toBe('MAPPING_INVALID')
      }
    },
  )
})
