// simple-statistics' ckmeans, bundled into this module when the package is built (scripts/vendor.mjs)
// from the package's source modules: its only ES entry (dist/simple-statistics.mjs) runs code at
// load (the Bayes and perceptron classes, the normal table) that no bundler can drop, which every
// page drawing a <cohesion-map> paid for; the source module of ckmeans has no side effects.
export { ckmeans } from 'simple-statistics';
