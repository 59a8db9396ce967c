// Jest's node environment, plus a way to load a few CPU-heavy, stateless dependencies outside the
// test's vm context. Code compiled inside a vm context looks up every global (Math, Buffer, …) through
// the context's interceptors, which makes tight loops many times slower: the QR code's PNG encoder
// and fontkit's font subsetting made each e-COE PDF cost about 1.3 s under Jest against 0.3 s in
// Node. The modules mapped in jest.config.js (see test/support/outside-vm/) run at Node's speed.
// Only modules that keep no state between calls and read no clock belong there: the tests cannot
// mock them, and they see this worker's real time rather than Jest's fake timers.
const { TestEnvironment } = require('jest-environment-node');

class NodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__requireOutsideVm = require;
  }
}

module.exports = NodeEnvironment;
