// Loaded by Node itself, not by Jest: see test/support/node-environment.js.
module.exports = globalThis.__requireOutsideVm('qrcode');
