/**
 * What the action-items tab shows and in which order: the filters (status, category, owner, "assigned to me"), the
 * sort that keeps the work still to do on top, and the count of items waiting for the signed-in person's decision.
 * Pure, so the rules can be tested without a document or a browser.
 */
import type { ActionCategory, ActionItem, ActionStatus } from '@parallax/model';

export const STATUS_LABELS: Record<ActionStatus, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  done: 'Done',
  'not-doing': 'Not doing',
};

export const CATEGORY_LABELS: Record<ActionCategory, string> = {
  detect: 'Detect',
  diagnose: 'Diagnose',
  mitigate: 'Mitigate',
  resolve: 'Resolve',
  prevent: 'Prevent',
  learn: 'Learn',
  process: 'Process',
};

/** Documents written by newer clients may carry values this build does not know; show them rather than hide them. */
export const actionStatusLabel = (status: string): string => STATUS_LABELS[status as ActionStatus] ?? status;
export const actionCategoryLabel = (category: string): string =>
  CATEGORY_LABELS[category as ActionCategory] ?? category;

/** Statuses of work still to come: someone may yet have to decide on it or do it. */
const OPEN_STATUSES: ReadonlySet<string> = new Set<ActionStatus>(['proposed', 'accepted', 'in-progress']);

export function isOpen(item: Pick<ActionItem, 'status'>): boolean {
  return OPEN_STATUSES.has(item.status);
}

export type ActionView = 'all' | 'mine';

/** '' = any; 'open' and 'closed' group the statuses the way people ask ("what is still to do?"). */
export type StatusFilter = ActionStatus | 'open' | 'closed' | '';

export interface ActionFilter {
  view: ActionView;
  status: StatusFilter;
  category: ActionCategory | '';
  /** '' = anyone; otherwise an `ownerKey`. */
  owner: string;
}

export const EMPTY_ACTION_FILTER: ActionFilter = { view: 'all', status: '', category: '', owner: '' };

export const NO_OWNER = 'none';

/**
 * Identifies an owner for filtering: by account when the item has one (a renamed person stays one owner), else by
 * the name typed (owners without an account, from imports or other clients), else "nobody yet".
 */
export function ownerKey(item: Pick<ActionItem, 'owner' | 'ownerId'>): string {
  if (item.ownerId) return `user:${item.ownerId}`;
  const name = item.owner.trim();
  return name ? `name:${name}` : NO_OWNER;
}

export interface OwnerOption {
  key: string;
  label: string;
  count: number;
}

/** The owners the items name, for the owner filter: nobody yet first, then by name. */
export function ownerOptions(items: readonly ActionItem[]): OwnerOption[] {
  const byKey = new Map<string, OwnerOption>();
  for (const item of items) {
    const key = ownerKey(item);
    const found = byKey.get(key);
    if (found) found.count += 1;
    else byKey.set(key, { key, label: key === NO_OWNER ? 'Nobody yet' : item.owner.trim() || 'Unnamed', count: 1 });
  }
  return [...byKey.values()].sort((a, b) => {
    if (a.key === NO_OWNER || b.key === NO_OWNER) return a.key === NO_OWNER ? -1 : 1;
    return a.label.localeCompare(b.label) || compareText(a.key, b.key);
  });
}

/** Items the person owns by account. */
export function isMine(item: Pick<ActionItem, 'ownerId'>, userId: string): boolean {
  return item.ownerId !== null && item.ownerId === userId;
}

/** Proposed to this person and not answered yet: only they can accept or decline it. */
export function awaitsDecision(item: Pick<ActionItem, 'ownerId' | 'status'>, userId: string): boolean {
  return isMine(item, userId) && item.status === 'proposed';
}

export function waitingForMe(items: readonly ActionItem[], userId: string): number {
  let count = 0;
  for (const item of items) if (awaitsDecision(item, userId)) count += 1;
  return count;
}

function statusMatches(status: string, filter: StatusFilter): boolean {
  if (filter === '') return true;
  if (filter === 'open') return OPEN_STATUSES.has(status);
  if (filter === 'closed') return !OPEN_STATUSES.has(status);
  return status === filter;
}

export function matchesFilter(item: ActionItem, filter: ActionFilter, userId: string): boolean {
  if (filter.view === 'mine' && !isMine(item, userId)) return false;
  if (!statusMatches(item.status, filter.status)) return false;
  if (filter.category && item.category !== filter.category) return false;
  if (filter.owner && ownerKey(item) !== filter.owner) return false;
  return true;
}

/** Whether anything but the view narrows the list (for "clear filters"). */
export function hasFilters(filter: ActionFilter): boolean {
  return filter.status !== '' || filter.category !== '' || filter.owner !== '';
}

// By UTF-16 code unit like the model's orderings, so every browser and locale agrees.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Work still to do first; within each group, the nearest due date first (undated after dated: a date is a promise
 * someone made), then the order they were written in.
 */
export function compareActionItems(a: ActionItem, b: ActionItem): number {
  const open = Number(isOpen(b)) - Number(isOpen(a));
  if (open !== 0) return open;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return compareText(a.dueDate, b.dueDate);
  }
  return compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id);
}

/** In "assigned to me", what waits for the person's answer comes before everything else. */
export function visibleActionItems(items: readonly ActionItem[], filter: ActionFilter, userId: string): ActionItem[] {
  const shown = items.filter((item) => matchesFilter(item, filter, userId));
  if (filter.view !== 'mine') return shown.sort(compareActionItems);
  return shown.sort(
    (a, b) => Number(awaitsDecision(b, userId)) - Number(awaitsDecision(a, userId)) || compareActionItems(a, b),
  );
}

/** Open work whose due date has passed; `today` is the person's local calendar date, `YYYY-MM-DD`. */
export function isOverdue(item: Pick<ActionItem, 'dueDate' | 'status'>, today: string): boolean {
  return item.dueDate !== null && isOpen(item) && item.dueDate < today;
}

/** The person's local calendar date as `YYYY-MM-DD` (what a date input shows and the model stores). */
export function localDate(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
