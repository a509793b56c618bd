/**
 * The table definition lives in core/src/table-definition.ts. This re-export stays only for
 * lambdas/python/tests/dynalite.py, which reads it by this path (that test is another branch's
 * to change; point it at core/src/table-definition.ts and delete this file).
 */
export { createTableRequest, itemsTable } from '../../core/src/table-definition';
