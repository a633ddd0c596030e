/** The `.cohortbook.md` file format (DESIGN.md section 5): `serialise` writes it, `parse` reads it. */
export { serialise } from './format-write';
export { parse, parseNotebook, NotebookParseError, type ParseOptions, type ParseResult } from './format-read';
