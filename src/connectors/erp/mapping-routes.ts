// The ERP field mapping of one connection, over the hub's API and UI: read it (its own, or the
// preset it starts from), save a new version, and preview a mapping against a sample document
// without writing anything (the pure dry run). The mapping lives in the connection's settings
// (settings.mapping); the server mounts these routes and the page for ERP connections only because
// this connector declares them (hooks in index.ts).
import { Type } from 'typebox'
import { CrossdockError } from '../../errors.ts'
import {
  ERP_PRESETS,
  isErpPresetName,
  presetMapping,
  validateErpMapping,
  type ErpMapping,
} from '../../mappers/erp/index.ts'
import type { ConnectionApiRoute, ConnectionPage } from '../types.ts'
import { dryRun } from './dry-run.ts'
import type { ErpSettings } from './settings.ts'

const tags = ['erp mapping']

function currentMapping(settings: ErpSettings): {
  mapping: ErpMapping | null
  source: 'own' | 'preset' | 'none'
  preset: string | null
} {
  const s = settings as { mapping?: ErpMapping; preset?: string }
  if (s.mapping) return { mapping: s.mapping, source: 'own', preset: s.mapping.preset ?? s.preset ?? null }
  if (isErpPresetName(s.preset)) return { mapping: presetMapping(s.preset), source: 'preset', preset: s.preset }
  return { mapping: null, source: 'none', preset: null }
}

/** A mapping's problems named by their place in the request body (/mapping/…), for the editor. */
function validated(candidate: unknown): ErpMapping {
  try {
    return validateErpMapping(candidate)
  } catch (err) {
    if (!(err instanceof CrossdockError)) throw err
    const problems = (err.details?.errors as { field: string; message: string }[] | undefined) ?? []
    throw new CrossdockError(err.code, err.message, {
      details: {
        fields: problems.map((p) => ({
          field: `/mapping${p.field.startsWith('/') ? '' : '/'}${p.field}`,
          message: p.message,
        })),
      },
    })
  }
}

export const mappingRoutes: ConnectionApiRoute<ErpSettings>[] = [
  {
    method: 'GET',
    path: '/mapping',
    role: 'viewer',
    tags,
    summary: 'The ERP field mapping in use (own or preset), or a preset to start from (?preset=sap-b1)',
    querystring: Type.Object({ preset: Type.Optional(Type.String({ maxLength: 50 })) }),
    handle: async ({ settings, query }) => {
      const { preset } = query as { preset?: string }
      const presets = Object.keys(ERP_PRESETS)
      if (preset !== undefined) {
        if (!isErpPresetName(preset))
          throw new CrossdockError('NOT_FOUND', `no preset ${preset}; there are ${presets.join(', ')}`)
        return { mapping: presetMapping(preset), source: 'preset', preset, presets }
      }
      return { ...currentMapping(settings), presets }
    },
  },
  {
    method: 'PUT',
    path: '/mapping',
    role: 'admin',
    tags,
    summary: 'Save the ERP field mapping as a new version (validated; documents received afterwards use it)',
    example: {
      mapping: {
        version: 1,
        timeZone: 'UTC',
        documents: {
          item_master: { records: '$.value[*]', fields: { sku: { from: 'ItemCode' }, title: { from: 'ItemName' } } },
        },
      },
    },
    body: Type.Object({ mapping: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
    handle: async ({ settings, body }, connection) => {
      const before = currentMapping(settings)
      // every save is a new version, whatever number the editor sent: receipts name the version
      const version = Math.max((before.source === 'own' ? (before.mapping?.version ?? 0) : 0) + 1, 1)
      const mapping = validated({ ...(body as { mapping: Record<string, unknown> }).mapping, version })
      await connection.saveSettings({ ...settings, mapping }, { action: 'erp_mapping.saved', data: { version } })
      return { mapping, source: 'own', version }
    },
  },
  {
    method: 'POST',
    path: '/mapping/dry-run',
    role: 'admin',
    tags,
    summary:
      'Map a sample document with the saved mapping (or the one given) and return records and errors; nothing is written',
    example: {
      contentType: 'application/json',
      body: '{"odata.metadata":"…$metadata#Items","value":[{"ItemCode":"MUG-BLUE","ItemName":"Blue mug"}]}',
    },
    body: Type.Object(
      {
        contentType: Type.String({ minLength: 1, maxLength: 200 }),
        body: Type.String({ maxLength: 900_000 }),
        documentType: Type.Optional(Type.String({ maxLength: 50 })),
        mapping: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false },
    ),
    handle: async ({ settings, body }) => {
      const b = body as { contentType: string; body: string; documentType?: string; mapping?: Record<string, unknown> }
      const mapping = b.mapping ?? currentMapping(settings).mapping
      if (!mapping)
        throw new CrossdockError(
          'MAPPING_INVALID',
          'this connection has neither a mapping nor a preset; send one in "mapping"',
        )
      return dryRun(mapping, b.contentType, b.body, b.documentType ? { documentType: b.documentType } : {})
    },
  },
]

export const mappingPage: ConnectionPage = {
  path: '/mapping',
  title: 'ERP field mapping',
  linkText: 'Field mapping',
  script: 'erp-mapping',
  body: `
<p class="muted">
  The declarative mapping this ERP connection reads documents with. Edit it, preview it against a sample the ERP
  sends, then save: each save is a new version.
</p>
<div class="cols">
  <section class="panel" aria-labelledby="mapping-h">
    <div class="panel-head">
      <h2 id="mapping-h">Mapping</h2>
      <span class="spacer"></span><span class="muted small" data-slot="version"></span>
    </div>
    <form data-form="mapping" novalidate>
      <div class="form-errors" role="alert" tabindex="-1" hidden></div>
      <div class="toolbar">
        <div class="field">
          <label for="preset">Start from a preset</label
          ><select id="preset" name="preset">
            <option value="">—</option>
          </select>
        </div>
        <button type="button" class="secondary" data-action="load-preset">Load preset</button>
      </div>
      <div class="field">
        <label for="mapping-json">Mapping document (JSON)</label>
        <textarea
          id="mapping-json"
          name="mapping"
          class="code"
          rows="28"
          spellcheck="false"
          data-pointer="/mapping"
          aria-describedby="mapping-hint"
        ></textarea>
        <p class="hint" id="mapping-hint">
          documents → per document type: records (a path) and fields (canonical field → from, transforms);
          lookups are code tables.
        </p>
      </div>
      <div class="actions"><button type="submit">Save mapping</button></div>
    </form>
  </section>
  <section class="panel" aria-labelledby="preview-h">
    <h2 id="preview-h">Preview</h2>
    <form data-form="preview" novalidate>
      <div class="form-errors" role="alert" tabindex="-1" hidden></div>
      <div class="fields">
        <div class="field">
          <label for="content-type">Format</label
          ><select id="content-type" name="contentType" data-pointer="/contentType">
            <option value="application/json">JSON</option>
            <option value="application/xml">XML</option>
            <option value="text/xml">XML-RPC (text/xml)</option>
          </select>
        </div>
        <div class="field">
          <label for="document-type">Document type</label
          ><select id="document-type" name="documentType" data-pointer="/documentType">
            <option value="">Recognise it</option>
            <option>item_master</option>
            <option>price_list</option>
            <option>stock_snapshot</option>
            <option>stock_delta</option>
            <option>order_ack</option>
          </select>
        </div>
      </div>
      <div class="field">
        <label for="sample">Sample payload</label>
        <textarea
          id="sample"
          name="body"
          class="code"
          rows="14"
          spellcheck="false"
          data-pointer="/body"
          aria-describedby="sample-hint"
        ></textarea>
        <p class="hint" id="sample-hint">
          Paste what the ERP sends. Nothing is written: this only shows what the mapping makes of it.
        </p>
      </div>
      <div class="actions"><button type="submit">Preview</button></div>
    </form>
    <div data-slot="preview" aria-live="polite"></div>
  </section>
</div>`,
}
