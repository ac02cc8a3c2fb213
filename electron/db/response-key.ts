/**
 * Answers point at their response by its integer key, `response.id` (migration 009); everything else names a
 * response by its uuid. This subquery turns the uuid parameter into the key where a statement reads or writes
 * answers: `WHERE response_id = ${RESPONSE_ID}`.
 */
export const RESPONSE_ID = '(SELECT id FROM response WHERE uuid = ?)';
