import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSqlStatements } from './sql-mask.js';
import { TemplateMiner } from './miner.js';

test('SQL_STATEMENT: a statement inside a line is one value; prose and a statement ending the line are not masked', () => {
  const H = '#';
  assert.equal(
    maskSqlStatements(`(0.239) SELECT "o"."id" FROM "shop_order" WHERE "o"."id" = 4 LIMIT 21; args=(4,); alias=default`, H),
    '(0.239) #; args=(4,); alias=default'
  );
  assert.equal(
    maskSqlStatements("Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = 'a)b' limit 1) {", H),
    'Connection refused (Connection: mysql, SQL: #) {'
  );
  assert.equal(maskSqlStatements('UPDATE "cart" SET "n" = (1 + 2) WHERE id = 3; ok', H), '#; ok');
  assert.equal(maskSqlStatements('please update the cache; then select a node from the list', H), 'please update the cache; then select a node from the list');
  // a statement that runs to the end of the line is a tail (spans.ts), left as it is
  assert.equal(maskSqlStatements('STATEMENT:  SELECT id FROM orders WHERE id = $1', H), 'STATEMENT:  SELECT id FROM orders WHERE id = $1');
});

test('SQL_STATEMENT: debug lines of one statement with different queries are one template', () => {
  const m = new TemplateMiner();
  const queries = [
    `SELECT "shop_order"."id", "shop_order"."status" FROM "shop_order" WHERE "shop_order"."id" = 4 LIMIT 21`,
    `UPDATE "shop_cart" SET "updated_at" = '2024-06-12T10:00:00Z'::timestamptz WHERE "shop_cart"."id" = 9`,
    `INSERT INTO "shop_orderline" ("order_id", "product_id") VALUES (12, 7) RETURNING "shop_orderline"."id"`,
    `SELECT "p"."id" FROM "shop_product" "p" ORDER BY "p"."id" ASC LIMIT 20 OFFSET 40`,
  ];
  const ids = new Set(queries.map((q, i) => m.add(`DEBUG 2024-06-12 10:00:0${i},449 utils 9 1402139 (0.${i}39) ${q}; args=(${i},); alias=default`).templateId));
  assert.equal(new Set([...ids].map((x) => m.resolve(x))).size, 1);
});
