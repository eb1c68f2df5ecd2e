// Public API of access/ — re-exported from the package entry point.
export {};
