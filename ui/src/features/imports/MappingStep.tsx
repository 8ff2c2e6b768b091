//! Step 2 of a catalogue import: the file's format and first rows, and one column per field.

import type { CatalogField, CatalogPreview, ColumnMapping } from '../../ipc';
import { bindColumn, CATALOG_FIELDS, columnFor, columnIndex, fieldLabel } from './mapping';

const FORMAT_NAMES = { csv: 'CSV', tsv: 'TSV', jsonLines: 'JSON lines', parquet: 'Parquet' } as const;

interface Props {
  preview: CatalogPreview;
  mapping: ColumnMapping;
  missing: CatalogField[];
  onMapping: (m: ColumnMapping) => void;
}

export function MappingStep({ preview, mapping, missing, onMapping }: Props) {
  const groups = [...new Set(CATALOG_FIELDS.map((f) => f.group))];
  const sample = preview.rows[0] ?? [];
  return (
    <div className="mapping-step">
      <div className="mapping-meta muted small">
        <span className="tag">{FORMAT_NAMES[preview.format] ?? preview.format}</span>
        <span>{preview.columns.length} columns</span>
        <span>·</span>
        <span>first {preview.rows.length} rows shown</span>
      </div>
      <div className="preview-scroll">
        <table className="preview-table">
          <thead>
            <tr>{preview.columns.map((c) => <th key={c}>{c}</th>)}</tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>{preview.columns.map((c, j) => <td key={c} title={row[j]}>{row[j]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {missing.length > 0 && (
        <div className="callout callout-warn" role="status">
          Map the required {missing.length === 1 ? 'field' : 'fields'} {missing.map(fieldLabel).join(', ')} to import.
        </div>
      )}
      <div className="mapping-grid">
        {groups.map((g) => (
          <div key={g} className="mapping-group">
            <div className="section-label">{g}</div>
            {CATALOG_FIELDS.filter((f) => f.group === g).map((f) => {
              const column = columnFor(mapping, f.field);
              const idx = columnIndex(preview.columns, column);
              const bad = missing.includes(f.field);
              return (
                <label key={f.field} className={bad ? 'mapping-row is-missing' : 'mapping-row'}>
                  <span className="mapping-field">
                    {f.label}
                    {f.required && <span className="required" title="Required">*</span>}
                  </span>
                  <select
                    className="select input-small"
                    aria-label={`Column for ${f.label}`}
                    data-field={f.field}
                    value={preview.columns.includes(column) ? column : ''}
                    onChange={(e) => onMapping(bindColumn(mapping, f.field, e.target.value))}
                  >
                    <option value="">— none —</option>
                    {preview.columns.map((c) => <option key={c} value={c}>{c}</option>)}
                  </select>
                  <span className="mapping-sample muted small ellipsis" title={idx >= 0 ? sample[idx] : undefined}>
                    {idx >= 0 ? sample[idx] : ''}
                  </span>
                </label>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
