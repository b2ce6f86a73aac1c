import React from 'react';
import type { StandardEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';

/** Panel option editor limited to Loki data sources; stores the uid. */
export function LokiPicker({ value, onChange }: StandardEditorProps<string>) {
  return (
    <DataSourcePicker
      type="loki"
      current={value || null}
      noDefault
      onChange={(ds) => onChange(ds.uid)}
      onClear={() => onChange('')}
    />
  );
}
