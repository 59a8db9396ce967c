import { DomainError } from '@app/platform';
import type { Refusal, RefusalCode } from './application-state';
import type { EligibilityRefusal } from './eligibility';
import type { FieldErrors } from '@app/platform';

/** A draft, an application or a document the caller may not see is "not found", never "forbidden". */
export class ApplicationNotFoundError extends DomainError {
  constructor() {
    super('errors.notFound.body', 404);
  }
}

/** A transition the state machine refuses (already decided, withdrawn, wrong actor, missing message…). */
export class TransitionRefusedError extends DomainError {
  readonly code: RefusalCode;
  constructor(refusal: Refusal) {
    super(
      refusal.messageKey,
      refusal.code === 'alreadyDecided' || refusal.code === 'withdrawn' || refusal.code === 'notNow' ? 409 : 422,
    );
    this.code = refusal.code;
  }
}

/** The filer's category may not file the procedure, or an eligibility answer rules it out. */
export class NotEligibleError extends DomainError {
  constructor(readonly refusals: EligibilityRefusal[]) {
    super(refusals[0]?.messageKey ?? 'applications:eligibility.refused.category', 403);
  }
}

/** The full data does not pass the application schema (or a required document is missing): per field keys. */
export class ApplicationInvalidError extends DomainError {
  constructor(readonly errors: FieldErrors) {
    super('applications:validation.invalid', 422);
  }
}

/** No such procedure (a crafted code). */
export class UnknownProcedureError extends DomainError {
  constructor() {
    super('errors.notFound.body', 404);
  }
}

/** The same Idempotency-Key came with another request. */
export class IdempotencyConflictError extends DomainError {
  constructor() {
    super('applications:refusal.idempotencyConflict', 409);
  }
}
