// Public API of segregation/ — re-exported from the package entry point.
export {};
