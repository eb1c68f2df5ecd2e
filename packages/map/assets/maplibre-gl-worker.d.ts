/** MapLibre GL's worker as a string (the .js beside this file is written by the build). */
declare const text: string;
export default text;
