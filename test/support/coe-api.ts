/** A valid body for `POST /api/v1/coes`, without `recipientUserId` (each test has its own recipient). */
export const API_ISSUE_BODY = {
  holderNameEn: 'SANTOS MARIA',
  nationality: 'PHL',
  dateOfBirth: '1999-09-09',
  gender: 'female',
  statusOfResidence: 'specified_skilled_worker_1',
  issuingOffice: 'Osaka Regional Immigration Services Bureau',
};
