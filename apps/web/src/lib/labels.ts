/** Human names for the model's vocabularies; the stored values stay machine-friendly kebab-case. */

const KIND_LABELS: Record<string, string> = {
  detection: 'Detection',
  diagnosis: 'Diagnosis',
  repair: 'Repair',
  'key-moment': 'Key moment',
  communication: 'Communication',
  action: 'Action',
  note: 'Note',
};

const SOURCE_LABELS: Record<string, string> = {
  chat: 'Chat',
  alert: 'Alert',
  deploy: 'Deploy',
  log: 'Log',
  interview: 'Interview',
  manual: 'Manual',
};

const STATUS_LABELS: Record<string, string> = {
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  'in-review': 'In review',
  closed: 'Closed',
};

const PRECISION_LABELS: Record<string, string> = {
  exact: 'Exact',
  minute: 'To the minute',
  approximate: 'Approximate',
};

// Documents written by newer clients may carry values this build does not know yet; show them rather than hide them.
const label = (labels: Record<string, string>, value: string) => labels[value] ?? value;

export const kindLabel = (kind: string) => label(KIND_LABELS, kind);
export const sourceLabel = (source: string) => label(SOURCE_LABELS, source);
export const statusLabel = (status: string) => label(STATUS_LABELS, status);
export const precisionLabel = (precision: string) => label(PRECISION_LABELS, precision);
