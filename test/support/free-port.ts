/** One free-port probe for the tests and the benchmarks. */
export { freePort } from '../../bench/bench-processes';
