import {
  Action,
  ACTIONS,
  actionsFrom,
  ActorKind,
  ACTOR_KINDS,
  APPLICATION_STATUSES,
  ApplicationStatus,
  transition,
  TransitionInput,
} from './application-state';

const today = '2026-04-01';
/** Input that satisfies every action's own rule, so only the status and the actor decide. */
const good: TransitionInput = {
  message: 'Please send the tax certificate.',
  deadline: '2026-04-15',
  today,
  documents: 1,
};

// The whole table, written out: [status, action, actor] → the status it leads to (anything absent is refused).
const ALLOWED: Record<string, ApplicationStatus> = {
  'received examine officer': 'examining',
  'received examine api': 'examining',
  'examining requestDocuments officer': 'documents_requested',
  'examining requestDocuments api': 'documents_requested',
  'documents_requested answer filer': 'examining',
  'examining approve officer': 'decided',
  'examining approve api': 'decided',
  'examining deny officer': 'decided',
  'examining deny api': 'decided',
  'decided issueResult officer': 'result_issued',
  'decided issueResult api': 'result_issued',
  'decided issueResult system': 'result_issued',
  'received withdraw filer': 'withdrawn',
  'examining withdraw filer': 'withdrawn',
  'documents_requested withdraw filer': 'withdrawn',
};

const every = APPLICATION_STATUSES.flatMap((s) =>
  ACTIONS.flatMap((a) => ACTOR_KINDS.map((k) => [s, a, k] as [ApplicationStatus, Action, ActorKind])),
);

describe('application state machine', () => {
  it.each(every)('%s + %s by %s: allowed exactly as the table says', (status, action, actor) => {
    const result = transition(status, action, actor, good);
    const expected = ALLOWED[`${status} ${action} ${actor}`];
    if (expected) expect(result).toMatchObject({ ok: true, to: expected });
    else expect(result.ok).toBe(false);
  });

  it('names the decision with the decided status', () => {
    expect(transition('examining', 'approve', 'officer')).toEqual({ ok: true, to: 'decided', decision: 'approved' });
    expect(transition('examining', 'deny', 'officer', { message: 'Not eligible.' })).toEqual({
      ok: true,
      to: 'decided',
      decision: 'denied',
    });
  });

  it('refuses with a reason the user can read', () => {
    const refusal = (s: ApplicationStatus, a: Action, k: ActorKind, i: TransitionInput = good) => {
      const r = transition(s, a, k, i);
      return r.ok ? undefined : r.refusal;
    };
    expect(refusal('decided', 'approve', 'officer')).toEqual({
      code: 'alreadyDecided',
      messageKey: 'applications:refusal.alreadyDecided',
    });
    expect(refusal('result_issued', 'withdraw', 'filer')?.code).toBe('alreadyDecided');
    expect(refusal('withdrawn', 'examine', 'officer')?.code).toBe('withdrawn');
    expect(refusal('received', 'approve', 'officer')?.code).toBe('notNow');
    expect(refusal('examining', 'approve', 'filer')?.code).toBe('wrongActor');
    expect(refusal('received', 'withdraw', 'officer')?.code).toBe('wrongActor');
  });

  it('asks an officer requesting documents for a message and a deadline after today', () => {
    const ask = (i: TransitionInput) => transition('examining', 'requestDocuments', 'officer', i);
    expect(ask({ message: ' ', deadline: '2026-04-15', today })).toMatchObject({
      refusal: { code: 'messageRequired' },
    });
    expect(ask({ message: 'x', today })).toMatchObject({ refusal: { code: 'deadlineRequired' } });
    expect(ask({ message: 'x', deadline: '15/04/2026', today })).toMatchObject({
      refusal: { code: 'deadlineRequired' },
    });
    expect(ask({ message: 'x', deadline: today, today })).toMatchObject({ refusal: { code: 'deadlineNotFuture' } });
    expect(ask({ message: 'x', deadline: '2026-03-31', today })).toMatchObject({
      refusal: { code: 'deadlineNotFuture' },
    });
    expect(ask({ message: 'x', deadline: '2026-04-02', today })).toMatchObject({ ok: true });
  });

  it('asks a denial for its reason and an answer for a note or a document', () => {
    expect(transition('examining', 'deny', 'officer', {})).toMatchObject({ refusal: { code: 'reasonRequired' } });
    expect(transition('documents_requested', 'answer', 'filer', { message: '', documents: 0 })).toMatchObject({
      refusal: { code: 'answerEmpty' },
    });
    expect(transition('documents_requested', 'answer', 'filer', { documents: 2 })).toMatchObject({ ok: true });
    expect(transition('documents_requested', 'answer', 'filer', { message: 'Sent by post.' })).toMatchObject({
      ok: true,
    });
  });

  it('lists the actions open from each status to each actor', () => {
    expect(actionsFrom('received', 'officer')).toEqual(['examine']);
    expect(actionsFrom('examining', 'officer')).toEqual(['requestDocuments', 'approve', 'deny']);
    expect(actionsFrom('documents_requested', 'filer')).toEqual(['answer', 'withdraw']);
    expect(actionsFrom('decided', 'filer')).toEqual([]);
    expect(actionsFrom('withdrawn', 'officer')).toEqual([]);
    expect(actionsFrom('result_issued', 'officer')).toEqual([]);
  });
});
