/** Every stored flow node gets `typeVersion` (1 where it was saved before versions existed), drafts and published versions alike. */
const stampNodes = (table: string): string => `
UPDATE ${table} SET definition = json_set(definition, '$.flow.nodes', (
  SELECT json_group_array(json_set(n.value, '$.typeVersion', coalesce(json_extract(n.value, '$.typeVersion'), 1)) ORDER BY n.key)
  FROM json_each(${table}.definition, '$.flow.nodes') AS n
)) WHERE json_type(definition, '$.flow.nodes') = 'array';`;

export const sql = `${stampNodes('apis')}\n${stampNodes('api_versions')}\n`;
