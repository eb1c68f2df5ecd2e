// Public API of classify/ — re-exported from the package entry point.
export {};
