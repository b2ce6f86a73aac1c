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

test('SQL_TRAILING_ANNOTATION: a statement ends before the `(label: value)` note that ends the line', () => {
  const H = '#';
  assert.equal(
    maskSqlStatements('executeQuery: (from 10.0.0.5:5123, user: etl) SELECT count() FROM t WHERE d = today() (stage: Complete)', H),
    'executeQuery: (from 10.0.0.5:5123, user: etl) # (stage: Complete)'
  );
  // SQL's own parentheses at the end stay in the statement (a tail, left to spans.ts)
  assert.equal(maskSqlStatements('q: SELECT a FROM t WHERE x IN (1, 2)', H), 'q: SELECT a FROM t WHERE x IN (1, 2)');
  const m = new TemplateMiner();
  const ids = new Set(
    [
      ['default', 'SELECT * FROM shop.orders WHERE order_id = 42'],
      ['default', "SELECT count() FROM analytics.events WHERE event_type = 'view'"],
      ['default', 'INSERT INTO analytics.events (event_date, ts) FORMAT RowBinary'],
      ['default', 'SELECT user_id, groupArray(props) FROM analytics.events GROUP BY user_id'],
    ].map(([u, q], i) =>
      m.add(`2024.06.12 10:00:0${i}.208219 [ 18${i} ] {7a478939-f0d0-43e7-8d1a-baa141b1e82${i}} <Debug> executeQuery: (from 10.3.179.3${i}:5133${i}, user: ${u}) ${q} (stage: Complete)`).templateId
    )
  );
  assert.equal(new Set([...ids].map((id) => m.resolve(id))).size, 1);
});
