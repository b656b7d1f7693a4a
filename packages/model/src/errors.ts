import type { z } from 'zod';
import type { EntityType } from './types.ts';

export type ModelErrorCode = 'validation' | 'not-found';

/** Base of every error a command throws on purpose, so callers can map them (e.g. to HTTP 400 / 404). */
export abstract class ModelError extends Error {
  abstract readonly code: ModelErrorCode;
}

export interface ModelIssue {
  /** Dotted path to the offending field, '' for the input as a whole. */
  path: string;
  message: string;
}

export class ModelValidationError extends ModelError {
  readonly code = 'validation';
  readonly issues: readonly ModelIssue[];

  constructor(subject: string, issues: readonly ModelIssue[]) {
    const lines = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super(`Invalid ${subject}: ${lines.join('; ')}`);
    this.name = 'ModelValidationError';
    this.issues = issues;
  }

  static fromZod(subject: string, error: z.ZodError): ModelValidationError {
    return new ModelValidationError(
      subject,
      error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    );
  }
}

export class EntityNotFoundError extends ModelError {
  readonly code = 'not-found';
  readonly entityType: EntityType;
  readonly id: string;

  constructor(entityType: EntityType, id: string) {
    super(`No ${entityType} with id "${id}"`);
    this.name = 'EntityNotFoundError';
    this.entityType = entityType;
    this.id = id;
  }
}

export function isModelError(value: unknown): value is ModelError {
  return value instanceof ModelError;
}

/** Parses with zod and turns failures into ModelValidationError, the only validation error commands throw. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ModelValidationError.fromZod(subject, result.error);
  return result.data;
}
