/** The comment model cells put on the tables they write, so a model never replaces a table it did not make, and readers can tell. */
export const MODEL_TABLE_COMMENT = 'cohortbook:model';
