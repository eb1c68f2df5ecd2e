// Public API of weights/ — re-exported from the package entry point.
export {};
