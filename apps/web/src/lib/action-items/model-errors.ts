/**
 * The model refuses bad input with errors meant for people; this turns them into one line for the field that was
 * edited. Anything else is a bug and is rethrown rather than shown as if the person had typed something wrong.
 */
import { EntityNotFoundError, ModelValidationError } from '@parallax/model';

export function readableModelError(cause: unknown): string {
  if (cause instanceof ModelValidationError) {
    // The issues name the field; the caller's label already does, so their plain messages read better.
    const messages = cause.issues.map((issue) => issue.message).filter(Boolean);
    return messages.length > 0 ? messages.join('; ') : cause.message;
  }
  if (cause instanceof EntityNotFoundError) {
    return cause.entityType === 'actionItem'
      ? 'Someone else deleted this action item.'
      : `That ${cause.entityType} was deleted by someone else.`;
  }
  throw cause;
}
