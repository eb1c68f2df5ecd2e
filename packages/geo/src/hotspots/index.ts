// Public API of hotspots/ — re-exported from the package entry point.
export {};
