-- Reporting facts and rollups for the generated tickets (psql -f generate-reports.sql, after generate.sql), so the
-- analytics pages (issue 16 item 2: /analytics/agents, /analytics/complaints) read rows at scale: per ticket created,
-- first response, resolution (business minutes ≈ the wall-clock ones here, in the app's buckets), a reopen for 5 % of
-- the resolved, a CSAT answer for 80 % of them, a complaint for tickets of the complaint category with an order (its
-- first line's product and supplier) and a promise kept or broken for one in ten; then report_daily,
-- the units sold of every order; report_daily, report_products_daily, report_histogram and the rollup's watermark as
-- RebuildRollup leaves them; and the hotspots' topic terms (ticket_terms, term_daily) as RecordTerms would have
-- written them, with the windows of the standard periods rebuilt.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE TEMP TABLE bench_ticket_dims AS
SELECT t.id, t.created_at, t.first_responded_at, t.resolved_at, t.team_id, t.assignee_id, t.channel, t.category,
       l.product_id, p.supplier
FROM tickets t
LEFT JOIN LATERAL (SELECT ol.product_id FROM order_lines ol WHERE ol.order_id = t.order_id ORDER BY ol.id LIMIT 1) l ON true
LEFT JOIN products p ON p.id = l.product_id
WHERE NOT EXISTS (SELECT 1 FROM report_facts f WHERE f.ticket_id = t.id);

CREATE OR REPLACE FUNCTION pg_temp.bucket(m numeric) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN r < 120 THEN r WHEN r < 600 THEN 120 + (r - 120) / 5 * 5 WHEN r < 2400 THEN 600 + (r - 600) / 30 * 30
              WHEN r < 14400 THEN 2400 + (r - 2400) / 120 * 120 ELSE 14400 + (r - 14400) / 600 * 600 END
  FROM (SELECT greatest(0, round(m))::int AS r) x $$;

INSERT INTO report_facts (kind, at, business_date, ticket_id, team_id, agent_id, channel, category, product_id, supplier, value, business_minutes, bucket)
SELECT k.kind, k.at, (k.at AT TIME ZONE 'Asia/Shanghai')::date, d.id, d.team_id, d.assignee_id, d.channel, d.category, d.product_id, d.supplier,
       k.value, k.minutes, k.bucket
FROM bench_ticket_dims d
CROSS JOIN LATERAL (VALUES
    ('TicketCreated', d.created_at, 1::numeric, NULL::numeric, NULL::int, true),
    ('FirstResponse', d.first_responded_at, round(extract(epoch FROM d.first_responded_at - d.created_at)::numeric / 60, 2),
        round(extract(epoch FROM d.first_responded_at - d.created_at)::numeric / 60, 2), pg_temp.bucket(extract(epoch FROM d.first_responded_at - d.created_at)::numeric / 60), d.first_responded_at IS NOT NULL),
    ('Resolved', d.resolved_at, round(extract(epoch FROM d.resolved_at - d.created_at)::numeric / 60, 2),
        round(extract(epoch FROM d.resolved_at - d.created_at)::numeric / 60, 2) * (1 + (d.id % 7)), pg_temp.bucket(extract(epoch FROM d.resolved_at - d.created_at)::numeric / 60 * (1 + (d.id % 7))), d.resolved_at IS NOT NULL),
    ('Reopened', d.resolved_at + interval '1 hour', 1, NULL, 0, d.resolved_at IS NOT NULL AND d.id % 20 = 0),
    ('CsatAnswered', d.resolved_at + interval '2 hours', (1 + (d.id * 7) % 5)::numeric, NULL, 1 + (d.id * 7) % 5, d.resolved_at IS NOT NULL AND d.id % 5 <> 0),
    ('ComplaintFiled', d.created_at, 1, NULL, NULL, d.category = 'ComplaintSuggestion' AND d.product_id IS NOT NULL),
    ('PromiseKept', d.created_at + interval '3 hours', 1, NULL, CASE WHEN d.id % 30 = 0 THEN 1 ELSE 0 END, d.first_responded_at IS NOT NULL AND d.id % 10 = 1),
    ('PromiseBroken', d.created_at + interval '1 day', 1, NULL, 0, d.first_responded_at IS NOT NULL AND d.id % 10 = 2)
) AS k(kind, at, value, minutes, bucket, present)
WHERE k.present;

-- Units sold (the complaint rates): the facts of every order as the triggers of SalesFacts write them (bench/generate
-- passes SalesFacts.Backfill as :units_sold).
DELETE FROM report_facts WHERE kind = 'UnitsSold';
:units_sold

TRUNCATE report_daily, report_products_daily, report_histogram;
INSERT INTO report_daily (business_date, kind, team_id, agent_id, channel, category, product_id, supplier, facts, total)
SELECT f.business_date, f.kind, coalesce(f.team_id, 0), coalesce(f.agent_id, '00000000-0000-0000-0000-000000000000'::uuid),
       coalesce(f.channel, ''), coalesce(f.category, ''), coalesce(f.product_id, 0), coalesce(f.supplier, ''), count(*), sum(f.value)
FROM report_facts f GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO report_products_daily (kind, business_date, category, product_id, supplier, facts, total)
SELECT f.kind, f.business_date, coalesce(f.category, ''), coalesce(f.product_id, 0), coalesce(f.supplier, ''), count(*), sum(f.value)
FROM report_facts f GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_histogram (business_date, kind, team_id, agent_id, bucket, facts)
SELECT f.business_date, f.kind, coalesce(f.team_id, 0), coalesce(f.agent_id, '00000000-0000-0000-0000-000000000000'::uuid), f.bucket, count(*)
FROM report_facts f WHERE f.bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
UPDATE report_rollup_state s SET last_tx = l.tx, last_id = l.id, folded_at = now()
FROM (SELECT tx, id FROM report_facts ORDER BY tx DESC, id DESC LIMIT 1) l WHERE s.id = 1;

-- Topic terms (the hotspots page): per ticket its product word, its issue, the phrase of the two, 物流/退款/发票/七天无理由
-- at about their message frequencies (8, 5, 1, 0.4 %), and five words of a long-tail vocabulary of 20,000 whose word k
-- is drawn with weight ~1/k (log-uniform), so the daily rollup has the many rare rows real text gives.
CREATE TEMP TABLE bench_term_words AS SELECT
  ARRAY['耳机','手机壳','充电器','电饭煲','空气炸锅','羽绒服','运动鞋','保温杯','蓝牙音箱','洗衣液','面膜','口红','台灯','键盘','鼠标','显示器','行李箱','背包','床单','枕头','茶叶','奶粉','纸尿裤','咖啡机','吸尘器','电动牙刷','剃须刀','吹风机','平板','手表','相机','镜头','路由器','插线板','水杯','饭盒','毛巾','拖鞋','衬衫','裤子','外套','帽子','围巾','手套','袜子','玩具','积木','绘本','钢笔','文件夹'] AS products,
  ARRAY['声音','划痕','颜色','尺码','配件','包装破损','开机','充电','异味','质量','描述不符','按键','漏水','型号','说明书','做工','电池鼓包','信号','噪音','坏了'] AS issues;
INSERT INTO ticket_terms (term, business_date, ticket_id, team_id)
SELECT DISTINCT x.term, (t.created_at AT TIME ZONE 'Asia/Shanghai')::date, t.id, coalesce(t.team_id, 0)
FROM tickets t CROSS JOIN bench_term_words w
CROSS JOIN LATERAL (VALUES
    (w.products[1 + t.id % 50]), (w.issues[1 + (t.id / 50) % 20]), (w.products[1 + t.id % 50] || w.issues[1 + (t.id / 50) % 20]),
    (CASE WHEN (hashint8(t.id)::bigint + 2147483648) % 100 BETWEEN 0 AND 7 THEN '物流' END), (CASE WHEN (hashint8(t.id)::bigint + 2147483648) % 100 BETWEEN 8 AND 12 THEN '退款' END),
    (CASE WHEN (hashint8(t.id)::bigint + 2147483648) % 100 = 13 THEN '发票' END), (CASE WHEN (hashint8(t.id)::bigint + 2147483648) % 1000 BETWEEN 140 AND 143 THEN '七天无理由' END),
    ('词' || floor(exp(ln(20000) * random()))::int), ('词' || floor(exp(ln(20000) * random()))::int), ('词' || floor(exp(ln(20000) * random()))::int),
    ('词' || floor(exp(ln(20000) * random()))::int), ('词' || floor(exp(ln(20000) * random()))::int)
) AS x(term)
WHERE x.term IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ticket_terms e WHERE e.ticket_id = t.id);
TRUNCATE term_daily;
INSERT INTO term_daily (business_date, team_id, term, tickets)
SELECT business_date, team_id, term, count(*) FROM ticket_terms GROUP BY 1, 2, 3;
SELECT hd_term_windows_rebuild(hd_business_date(now()), 4);
