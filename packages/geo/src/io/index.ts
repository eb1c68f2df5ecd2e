// Public API of io/ — re-exported from the package entry point.
export {};
