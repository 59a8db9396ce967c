/** The stream passed `maxBytes`; nothing is kept under the key. */
export class DocumentTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`document larger than ${maxBytes} bytes`);
  }
}

/** A key outside the scheme of `keys.ts` (a path, `..`, user input): refused before any I/O. */
export class InvalidDocumentKeyError extends Error {
  constructor() {
    // The key itself stays out of the message: it may be an attacker's path.
    super('invalid document key');
  }
}

export class DocumentNotFoundError extends Error {
  constructor() {
    super('document not found');
  }
}
