/** How the four kinds of analysis items are named and introduced in the "Factors & learnings" tab. */
import type { FactorKind } from '@parallax/model';

export interface FactorKindCopy {
  /** The section's heading. */
  title: string;
  /** One line under the heading: what belongs here. */
  intro: string;
  /** What one item is called ("contributing factor"): in the add form's name and placeholder, and in messages. */
  noun: string;
  /** An example title, in the section's empty state. */
  example: string;
}

export const FACTOR_KIND_COPY: Record<FactorKind, FactorKindCopy> = {
  contributing: {
    title: 'Contributing factors',
    intro: 'Conditions that together made the incident possible, or made it worse. There is rarely a single cause.',
    noun: 'contributing factor',
    example: 'Replica lag was not visible on the checkout dashboard',
  },
  'went-well': {
    title: 'What went well',
    intro: 'Skills, tools, habits and decisions that helped, and that are worth keeping.',
    noun: 'thing that went well',
    example: 'The on-call engineer knew the failover runbook',
  },
  lucky: {
    title: 'Where we got lucky',
    intro: 'What limited the damage by chance, and might not be there next time.',
    noun: 'lucky break',
    example: 'The incident started outside peak hours',
  },
  insight: {
    title: 'Insights',
    intro: 'What this incident taught about how the system, and the work around it, really behaves.',
    noun: 'insight',
    example: 'Retries turn a slow database into an outage',
  },
};
