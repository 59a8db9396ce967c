/**
 * The life of an application (docs/applications.md, "Statuses and transitions"), as a pure function:
 * the services lock the row, ask `transition` and write what it answers. Every refusal is a value with
 * an i18n key, so a late click or a crafted request is told why, never a 500.
 */
export const APPLICATION_STATUSES = [
  'received',
  'examining',
  'documents_requested',
  'decided',
  'result_issued',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const DECISIONS = ['approved', 'denied'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ACTOR_KINDS = ['filer', 'officer', 'system', 'api'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const ACTIONS = ['examine', 'requestDocuments', 'answer', 'approve', 'deny', 'issueResult', 'withdraw'] as const;
export type Action = (typeof ACTIONS)[number];

export const isApplicationStatus = (s: unknown): s is ApplicationStatus =>
  typeof s === 'string' && (APPLICATION_STATUSES as readonly string[]).includes(s);

/** What some transitions need besides the current status. */
export interface TransitionInput {
  /** The officer's request (requestDocuments), the denial reason (deny), the filer's note (answer). */
  message?: string | null;
  /** requestDocuments: the answer's deadline, YYYY-MM-DD. */
  deadline?: string | null;
  /** Today in Japan, YYYY-MM-DD: a deadline must be later. */
  today?: string;
  /** answer: how many documents come with it (a note or at least one document is needed). */
  documents?: number;
}

export type RefusalCode =
  | 'wrongActor'
  | 'alreadyDecided'
  | 'withdrawn'
  | 'notNow'
  | 'messageRequired'
  | 'deadlineRequired'
  | 'deadlineNotFuture'
  | 'reasonRequired'
  | 'answerEmpty';

export interface Refusal {
  code: RefusalCode;
  /** i18n key of the message shown to whoever tried. */
  messageKey: `applications:refusal.${RefusalCode}`;
}

export type TransitionResult =
  { ok: true; to: ApplicationStatus; decision?: Decision } | { ok: false; refusal: Refusal };

const refuse = (code: RefusalCode): TransitionResult => ({
  ok: false,
  refusal: { code, messageKey: `applications:refusal.${code}` },
});

/** Who may take each action: officers and the agency's API key for the examination, the filer for theirs. */
const ACTORS: Record<Action, readonly ActorKind[]> = {
  examine: ['officer', 'api'],
  requestDocuments: ['officer', 'api'],
  answer: ['filer'],
  approve: ['officer', 'api'],
  deny: ['officer', 'api'],
  issueResult: ['officer', 'api', 'system'],
  withdraw: ['filer'],
};

/** From which status each action leads where. */
const EDGES: Record<Action, { from: readonly ApplicationStatus[]; to: ApplicationStatus; decision?: Decision }> = {
  examine: { from: ['received'], to: 'examining' },
  requestDocuments: { from: ['examining'], to: 'documents_requested' },
  answer: { from: ['documents_requested'], to: 'examining' },
  approve: { from: ['examining'], to: 'decided', decision: 'approved' },
  deny: { from: ['examining'], to: 'decided', decision: 'denied' },
  issueResult: { from: ['decided'], to: 'result_issued' },
  withdraw: { from: ['received', 'examining', 'documents_requested'], to: 'withdrawn' },
};

/** The statuses from which an action is possible at all (the UI shows only those buttons). */
export const actionsFrom = (status: ApplicationStatus, actor: ActorKind): Action[] =>
  ACTIONS.filter((a) => EDGES[a].from.includes(status) && ACTORS[a].includes(actor));

const blank = (s: string | null | undefined): boolean => !s || !s.trim();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function inputProblem(action: Action, input: TransitionInput): RefusalCode | undefined {
  switch (action) {
    case 'requestDocuments':
      if (blank(input.message)) return 'messageRequired';
      if (!input.deadline || !DATE.test(input.deadline)) return 'deadlineRequired';
      if (!input.today || input.deadline <= input.today) return 'deadlineNotFuture';
      return undefined;
    case 'deny':
      return blank(input.message) ? 'reasonRequired' : undefined;
    case 'answer':
      return blank(input.message) && !input.documents ? 'answerEmpty' : undefined;
    case 'examine':
    case 'approve':
    case 'issueResult':
    case 'withdraw':
      return undefined;
  }
}

/** Why an action is not possible from `status` (decided and withdrawn say so; anything else is "not now"). */
function statusProblem(status: ApplicationStatus): RefusalCode {
  if (status === 'withdrawn') return 'withdrawn';
  if (status === 'decided' || status === 'result_issued') return 'alreadyDecided';
  return 'notNow';
}

/** Where `action` by `actor` leads from `status`, or why it may not be taken. */
export function transition(
  status: ApplicationStatus,
  action: Action,
  actor: ActorKind,
  input: TransitionInput = {},
): TransitionResult {
  if (!ACTORS[action].includes(actor)) return refuse('wrongActor');
  const edge = EDGES[action];
  if (!edge.from.includes(status)) return refuse(statusProblem(status));
  const problem = inputProblem(action, input);
  if (problem) return refuse(problem);
  return edge.decision ? { ok: true, to: edge.to, decision: edge.decision } : { ok: true, to: edge.to };
}

/** The table for docs/applications.md and the tests: every edge. */
export const TRANSITIONS = ACTIONS.map((action) => ({ action, ...EDGES[action], actors: ACTORS[action] }));
