import { describe, expect, it } from 'vitest';
import { createIncidentDoc, questionText } from '../doc.ts';
import { EntityNotFoundError, ModelValidationError } from '../errors.ts';
import { readQuestion } from '../readers.ts';
import { captureUpdates, testContext, thrown } from '../test-support.ts';
import { addEvent } from './events.ts';
import { addQuestion, deleteQuestion, updateQuestion } from './questions.ts';

function setup() {
  const doc = createIncidentDoc();
  const ctx = testContext('maya');
  const eventId = addEvent(doc, { occurredAt: '2026-03-10T14:20:40Z' }, ctx);
  return { doc, ctx, eventId };
}

describe('questions', () => {
  it('adds an open question with defaults', () => {
    const { doc, ctx, eventId } = setup();
    const id = addQuestion(doc, { eventId, text: 'Why did the synthetic check recover?' }, ctx);
    expect(readQuestion(doc, id)).toMatchObject({
      eventId,
      asker: '',
      owner: '',
      ownerId: null,
      status: 'open',
      text: 'Why did the synthetic check recover?',
      answer: '',
      evidenceUrls: [],
      createdBy: 'maya',
    });
  });

  it('answers through the answer text and the status', () => {
    const { doc, ctx } = setup();
    const id = addQuestion(doc, { text: 'Any Atlas deploys that day?', owner: 'Jonas' }, ctx);
    questionText(doc, id, 'answer')?.insert(0, 'No.');
    updateQuestion(doc, id, { status: 'answered' }, ctx);
    expect(readQuestion(doc, id)).toMatchObject({ status: 'answered', answer: 'No.', eventId: null });
  });

  it('assigns a question to a person’s account, and can unassign it', () => {
    const { doc, ctx } = setup();
    const id = addQuestion(doc, { text: 'Who paged the DBA?', owner: 'Jonas', ownerId: 'user-jonas' }, ctx);
    expect(readQuestion(doc, id)).toMatchObject({ owner: 'Jonas', ownerId: 'user-jonas' });
    updateQuestion(doc, id, { owner: '', ownerId: null }, ctx);
    expect(readQuestion(doc, id)).toMatchObject({ owner: '', ownerId: null });
  });

  it('keeps evidence links as a set of http(s) URLs', () => {
    const { doc, ctx } = setup();
    const id = addQuestion(
      doc,
      { text: 'q', evidenceUrls: ['https://chat.example.com/1', 'https://chat.example.com/1'] },
      ctx,
    );
    expect(readQuestion(doc, id)?.evidenceUrls).toEqual(['https://chat.example.com/1']);
    updateQuestion(doc, id, { evidenceUrls: ['https://chat.example.com/2', 'https://chat.example.com/1'] }, ctx);
    expect(readQuestion(doc, id)?.evidenceUrls).toEqual(['https://chat.example.com/1', 'https://chat.example.com/2']);
    const error = thrown(() => updateQuestion(doc, id, { evidenceUrls: ['file:///etc/passwd'] }, ctx));
    expect((error as ModelValidationError).issues.map((issue) => issue.path)).toEqual(['evidenceUrls.0']);
  });

  it('validates text, status and anchor', () => {
    const { doc, ctx } = setup();
    expect(thrown(() => addQuestion(doc, { text: '  ' }, ctx))).toBeInstanceOf(ModelValidationError);
    expect(thrown(() => addQuestion(doc, { text: 'q', status: 'closed' as never }, ctx))).toBeInstanceOf(
      ModelValidationError,
    );
    expect(thrown(() => addQuestion(doc, { text: 'q', eventId: 'ghost' }, ctx))).toBeInstanceOf(EntityNotFoundError);
    const id = addQuestion(doc, { text: 'q' }, ctx);
    expect(thrown(() => updateQuestion(doc, id, { answer: 'x' } as never, ctx))).toBeInstanceOf(ModelValidationError);
    expect(captureUpdates(doc, () => updateQuestion(doc, id, { status: 'open', owner: '' }, ctx))).toHaveLength(0);
  });

  it('deletes', () => {
    const { doc, ctx } = setup();
    const id = addQuestion(doc, { text: 'q' }, ctx);
    deleteQuestion(doc, id, ctx);
    expect(readQuestion(doc, id)).toBeUndefined();
    expect(thrown(() => deleteQuestion(doc, id, ctx))).toBeInstanceOf(EntityNotFoundError);
    expect(thrown(() => updateQuestion(doc, id, { status: 'parked' }, ctx))).toBeInstanceOf(EntityNotFoundError);
  });
});
