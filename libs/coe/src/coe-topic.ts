/** The outbox topic of a certificate's mails (issue mail and reminders): its history and cancelling. */
export const coeTopic = (coeId: string): string => `coe:${coeId}`;

/** The certificate a mail is about, if its topic names one. */
export const coeIdOfTopic = (topic: string | null): string | undefined =>
  topic?.startsWith('coe:') ? topic.slice(4) : undefined;
