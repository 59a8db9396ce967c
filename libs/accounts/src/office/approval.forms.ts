import { z } from 'zod';
import { addressField, dateOfBirthField, genderField, postalCodeField } from '@app/fields';

/**
 * 利用申出の承認: the details the officer confirmed from the applicant's documents. `today` is the
 * current date in Japan (YYYY-MM-DD, from the injected clock). The office form and `users:approve`
 * both parse through this schema, so they refuse exactly the same input.
 */
export const approvalForm = (today: string) =>
  z.object({
    gender: genderField,
    dateOfBirth: dateOfBirthField(today),
    postalCode: postalCodeField,
    address: addressField,
  });

export type ApprovalInput = z.output<ReturnType<typeof approvalForm>>;
