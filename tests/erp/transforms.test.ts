// Each transform of the declarative mapping, as a table: input → output, or the error it raises.
import { describe, expect, it } from 'vitest'
import { rootItem } from '../../src/mappers/erp/path.ts'
import type { Transform } from '../../src/mappers/erp/schema.ts'
import { applyTransforms, RuleFailure, type TransformContext } from '../../src/mappers/erp/transforms.ts'
import { toDecimalText } from '../../src/mappers/erp/decimal.ts'

const record = { UnitCode: '3', Kind: 'outgoing', Meta: 'x#InventoryGenExits' }
const root = rootItem(record)
const ctx: TransformContext = {
  mapping: {
    timeZone: 'Europe/Berlin',
    lookups: { warehouses: { '01': 'MAIN', JP1: 'JP-TOKYO' }, units: { '3': 'lb', '9': 'furlong' } },
  },
  path: { root, current: root },
}

const run = (v: unknown, ...ts: Transform[]) => applyTransforms(v, ts, ctx)
const fails = (v: unknown, ...ts: Transform[]) => {
  try {
    run(v, ...ts)
  } catch (err) {
    if (err instanceof RuleFailure) return err.message
    throw err
  }
  return 'did not fail'
}

describe('text transforms', () => {
  it.each<[string, unknown, Transform[], unknown]>([
    ['trim', '  MUG-1 \n', [{ op: 'trim' }], 'MUG-1'],
    ['upper', 'de', [{ op: 'upper' }], 'DE'],
    ['lower', 'ABC', [{ op: 'lower' }], 'abc'],
    ['replace', '7323.94', [{ op: 'replace', pattern: '[^0-9]', with: '' }], '732394'],
    ['match with group', '[SKU-1] Mug', [{ op: 'match', pattern: '^\\[([^\\]]+)\\]' }], 'SKU-1'],
    ['match whole', 'abc123', [{ op: 'match', pattern: '\\d+' }], '123'],
    ['concat', ['2026-08-10', undefined, '09:15'], [{ op: 'concat', separator: ' ' }], '2026-08-10 09:15'],
    ['first', [undefined, '', 'B', 'C'], [{ op: 'first' }], 'B'],
    ['trim each of several', [' a ', ' b'], [{ op: 'trim' }], ['a', 'b']],
  ])('%s', (_name, input, ts, expected) => {
    expect(run(input, ...ts)).toEqual(expected)
  })

  it('match refuses a value that does not match', () => {
    expect(fails('Gift wrapping', { op: 'match', pattern: '^\\[([^\\]]+)\\]' })).toMatch(/does not match/)
  })
})

describe('numbers', () => {
  it.each<[unknown, Transform, unknown]>([
    ['12.50', { op: 'number' }, '12.50'],
    ['1e3', { op: 'number' }, '1000'],
    ['1.5e-7', { op: 'number' }, '0.00000015'],
    ['1,234.50', { op: 'number' }, '1234.50'],
    ['1.234,50', { op: 'number', decimalSeparator: ',' }, '1234.50'],
    ['12,5', { op: 'number', decimalSeparator: ',' }, '12.5'],
    [' +007 ', { op: 'number' }, '7'],
    [66, { op: 'number' }, '66'],
    ['66.0', { op: 'integer' }, 66],
    ['2.5', { op: 'integer', round: 'half-up' }, 3],
    ['-2.5', { op: 'integer', round: 'half-up' }, -3],
    ['2.7', { op: 'integer', round: 'floor' }, 2],
    ['2.1', { op: 'integer', round: 'ceil' }, 3],
    ['5', { op: 'negate' }, '-5'],
  ])('%j with %j', (input, t, expected) => {
    expect(run(input, t)).toEqual(expected)
  })

  it.each<[unknown, Transform]>([
    ['12,5', { op: 'number' }],
    ['abc', { op: 'number' }],
    ['1,23.4', { op: 'number' }],
    ['2.5', { op: 'integer' }],
  ])('refuses %j with %j rather than guessing', (input, t) => {
    expect(fails(input, t)).toMatch(/not a (number|whole number)/)
  })

  it('sum and difference are exact over decimal text', () => {
    expect(run(['0.1', '0.2'], { op: 'sum' })).toBe('0.3')
    expect(run(['66.0', '4.0'], { op: 'difference' })).toBe('62.0')
    expect(run(['66', undefined], { op: 'difference' })).toBe('66')
    expect(run([undefined, '4'], { op: 'difference' })).toBeUndefined()
  })

  it('negate_if negates when another value of the record matches', () => {
    expect(run('3.0', { op: 'negate_if', path: 'Kind', equals: ['outgoing'] })).toBe('-3.0')
    expect(run('3.0', { op: 'negate_if', path: 'Kind', equals: ['incoming'] })).toBe('3.0')
    expect(run('3', { op: 'negate_if', path: '$.Meta', pattern: '#InventoryGenExits' })).toBe('-3')
  })

  it('toDecimalText never goes through a float', () => {
    expect(toDecimalText('12345678901234567.89')).toBe('12345678901234567.89')
  })
})

describe('units', () => {
  it.each<[unknown, Transform, number]>([
    ['750', { op: 'unit', from: 'g', to: 'kg' }, 0.75],
    ['1.5', { op: 'unit', from: 'kg', to: 'g' }, 1500],
    ['1', { op: 'unit', from: 'lb', to: 'g' }, 453.592],
    ['16', { op: 'unit', from: 'oz', to: 'lb' }, 1],
    ['1', { op: 'unit', from: 'oz', to: 'g', decimals: 4 }, 28.3495],
    ['10', { op: 'unit', from: 'in', to: 'cm' }, 25.4],
    ['25', { op: 'unit', from: 'mm', to: 'cm' }, 2.5],
    ['1.2', { op: 'unit', from: 'm', to: 'mm' }, 1200],
    ['2', { op: 'unit', fromPath: 'UnitCode', fromLookup: 'units', to: 'oz' }, 32],
  ])('%j %j', (input, t, expected) => {
    expect(run(input, t)).toBe(expected)
  })

  it('refuses a unit code without an entry, a foreign unit, and weight to length', () => {
    expect(fails('1', { op: 'unit', fromPath: 'Missing', to: 'g' })).toMatch(/no source unit/)
    expect(fails('1', { op: 'unit', from: 'kg', to: 'cm' })).toMatch(/cannot convert kg to cm/)
    const odd = { ...ctx, path: { root: rootItem({ UnitCode: '9' }), current: rootItem({ UnitCode: '9' }) } }
    expect(() =>
      applyTransforms('1', [{ op: 'unit', fromPath: 'UnitCode', fromLookup: 'units', to: 'g' }], odd),
    ).toThrow(/unknown unit "furlong"/)
  })
})

describe('lookups', () => {
  it('maps a code, keeps or drops a miss on request, and refuses it by default naming the table', () => {
    expect(run('01', { op: 'lookup', table: 'warehouses' })).toBe('MAIN')
    expect(run('99', { op: 'lookup', table: 'warehouses', onMissing: 'keep' })).toBe('99')
    expect(run('99', { op: 'lookup', table: 'warehouses', onMissing: 'drop' })).toBeUndefined()
    expect(fails('99', { op: 'lookup', table: 'warehouses' })).toBe('"99" has no entry in lookup "warehouses"')
  })

  it('reads a table backwards for outbound documents', () => {
    expect(run('JP-TOKYO', { op: 'lookup', table: 'warehouses', reverse: true })).toBe('JP1')
  })

  it('maps each of several values, so first can pick the one that is ours', () => {
    expect(
      run(['Partners/Vendors', '01'], { op: 'lookup', table: 'warehouses', onMissing: 'drop' }, { op: 'first' }),
    ).toBe('MAIN')
  })
})

describe('dates with a time zone', () => {
  it.each<[unknown, Transform, string]>([
    ['2026-08-10', { op: 'date' }, '2026-08-09T22:00:00.000Z'],
    ['2026-08-10 09:15:00', { op: 'date' }, '2026-08-10T07:15:00.000Z'],
    ['2026-01-10 09:15', { op: 'date' }, '2026-01-10T08:15:00.000Z'],
    ['2026-08-10 09:15:00', { op: 'date', timeZone: 'UTC' }, '2026-08-10T09:15:00.000Z'],
    ['2026-08-10T09:15:00.123', { op: 'date', timeZone: 'Asia/Tokyo' }, '2026-08-10T00:15:00.000Z'],
    ['2026-08-10T09:15:00Z', { op: 'date', timeZone: 'Asia/Tokyo' }, '2026-08-10T09:15:00.000Z'],
    ['2026-08-10T09:15:00+09:00', { op: 'date' }, '2026-08-10T00:15:00.000Z'],
    ['20260810', { op: 'date', format: 'YYYYMMDD', timeZone: 'America/New_York' }, '2026-08-10T04:00:00.000Z'],
    ['20260810091500', { op: 'date', timeZone: 'UTC' }, '2026-08-10T09:15:00.000Z'],
    ['20260810T09:15:00', { op: 'date', timeZone: 'UTC' }, '2026-08-10T09:15:00.000Z'],
    ['10.08.2026 09:15', { op: 'date' }, '2026-08-10T07:15:00.000Z'],
    ['8/10/2026', { op: 'date', format: 'MM/DD/YYYY', timeZone: 'UTC' }, '2026-08-10T00:00:00.000Z'],
    ['1786353300', { op: 'date', format: 'unix' }, '2026-08-10T09:15:00.000Z'],
    ['1786353300000', { op: 'date', format: 'unix' }, '2026-08-10T09:15:00.000Z'],
  ])('%j %j', (input, t, expected) => {
    expect(run(input, t)).toBe(expected)
  })

  it('refuses what is not a date, naming the format and zone', () => {
    expect(fails('next tuesday', { op: 'date' })).toBe('"next tuesday" is not a date (auto, Europe/Berlin)')
  })

  it('formats an instant as a local date for the ERP', () => {
    expect(run('2026-08-09T23:30:00.000Z', { op: 'format_date', format: 'YYYY-MM-DD' })).toBe('2026-08-10')
    expect(run('2026-08-09T23:30:00.000Z', { op: 'format_date', format: 'YYYY-MM-DD HH:mm:ss', timeZone: 'UTC' })).toBe(
      '2026-08-09 23:30:00',
    )
    expect(run('2026-08-09T23:30:00.000Z', { op: 'format_date', format: 'YYYYMMDD', timeZone: 'Asia/Tokyo' })).toBe(
      '20260810',
    )
  })
})

describe('booleans, absence and money', () => {
  it.each<[unknown, boolean]>([
    ['tYES', true],
    ['tNO', false],
    ['1', true],
    ['0', false],
    [true, true],
    [false, false],
    ['Y', true],
  ])('boolean %j', (input, expected) => {
    expect(run(input, { op: 'boolean' })).toBe(expected)
  })

  it('boolean takes custom words and refuses unknown ones', () => {
    expect(run('aktiv', { op: 'boolean', true: ['aktiv'], false: ['inaktiv'] })).toBe(true)
    expect(fails('maybe', { op: 'boolean' })).toMatch(/not a yes\/no value/)
  })

  it('null_if turns Odoo False and zero weights into absence', () => {
    expect(run(false, { op: 'null_if', values: [false] })).toBeUndefined()
    expect(run('0.0', { op: 'null_if', values: [0] })).toBeUndefined()
    expect(run('0.5', { op: 'null_if', values: [0] })).toBe('0.5')
    expect(run('x', { op: 'null_if', values: [false] })).toBe('x')
  })

  it('money writes canonical minor units as exact decimal text', () => {
    expect(run({ amount: 1250, currency: 'USD' }, { op: 'money' })).toBe('12.50')
    expect(run({ amount: 1980, currency: 'JPY' }, { op: 'money' })).toBe('1980')
    expect(run({ amount: 1250, currency: 'KWD' }, { op: 'money' })).toBe('1.250')
  })
})
