-- psql -f bench/explain.sql on the bench database: EXPLAIN ANALYZE of issue 14's hot queries, in their old shape
-- (inside a transaction that puts the old indexes back, rolled back at the end) and in the shape the app now sends.
-- Run as: bench/explain (prints only the plans' top lines and times).
\set ON_ERROR_STOP on
SET jit = off;
\set q '物流'
\echo '=== BEFORE (old shapes, old indexes)'
BEGIN;
DROP INDEX ix_tickets_created_at;
DROP INDEX ix_shipments_order_id_shipped_at_id;
CREATE INDEX ix_shipments_order_id ON shipments (order_id);
ANALYZE shipments;
\echo '--- search 物流: five conditions OR-ed, ordered by updated_at'
EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id FROM tickets t
WHERE t.customer_id IN (SELECT c.customer_id FROM customer_contacts c WHERE (c.kind = 'Email' AND c.value = :'q'))
   OR t.order_id IN (SELECT o.id FROM orders o WHERE o.number = :'q')
   OR t.customer_id IN (SELECT c.id FROM customers c WHERE c.search_vector @@ plainto_tsquery('simple', hd_search_tokens(:'q')))
   OR t.search_vector @@ plainto_tsquery('simple', hd_search_tokens(:'q'))
   OR t.id IN (SELECT m.ticket_id FROM ticket_messages m WHERE m.search_vector @@ plainto_tsquery('simple', hd_search_tokens(:'q')))
ORDER BY t.updated_at DESC, t.id DESC LIMIT 51;
\echo '--- latest parcel: ROW_NUMBER over all shipments'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id, s.tracking_number FROM tickets t LEFT JOIN orders o ON o.id = t.order_id
LEFT JOIN (SELECT x.order_id, x.tracking_number FROM (SELECT order_id, tracking_number, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY shipped_at DESC) AS row FROM shipments) x WHERE x.row <= 1) s ON s.order_id = o.id
WHERE t.number = (SELECT number FROM tickets WHERE order_id IS NOT NULL ORDER BY id DESC LIMIT 1);
\echo '--- SLA days (7 days): all tickets of the period, per-day escalation sub-lookups, no created_at index'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
       count(*) FILTER (WHERE s.first_response_stopped_at IS NOT NULL OR s.first_response_breached)::int,
       count(*) FILTER (WHERE s.resolution_stopped_at IS NOT NULL AND NOT s.resolution_breached)::int,
       (SELECT count(*) FROM sla_escalations e WHERE e.ticket_id = ANY (array_agg(t.id)) AND e.level = 'Breached')::int
FROM tickets t JOIN ticket_slas s ON s.ticket_id = t.id
WHERE t.created_at >= now() - interval '7 days' AND t.created_at < now()
GROUP BY 1 ORDER BY 1;
ROLLBACK;

\echo '=== AFTER (the shapes the app sends now)'
\echo '--- search 物流, part "any message": EXISTS per ticket, ordered by updated_at'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id FROM tickets t
WHERE EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id AND m.search_vector @@ plainto_tsquery('simple', hd_search_tokens(:'q')))
ORDER BY t.updated_at DESC, t.id DESC LIMIT 51;
\echo '--- search 七天无理由 (rare), part "any message"'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id FROM tickets t
WHERE EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id AND m.search_vector @@ plainto_tsquery('simple', hd_search_tokens('七天无理由')))
ORDER BY t.updated_at DESC, t.id DESC LIMIT 51;
\echo '--- search 物流, part "subject"'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id FROM tickets t WHERE t.search_vector @@ plainto_tsquery('simple', hd_search_tokens(:'q'))
ORDER BY t.updated_at DESC, t.id DESC LIMIT 51;
\echo '--- search 物流, part "customer" (contact or name)'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id FROM tickets t
WHERE t.customer_id IN (SELECT c.customer_id FROM customer_contacts c WHERE c.kind = 'Email' AND c.value = :'q'
                        UNION SELECT c.id FROM customers c WHERE c.search_vector @@ plainto_tsquery('simple', hd_search_tokens(:'q')))
ORDER BY t.updated_at DESC, t.id DESC LIMIT 51;
\echo '--- search by a 4-digit phone tail, part "customer"'
SELECT right(value, 4) AS tail FROM customer_contacts WHERE kind = 'Phone' ORDER BY id DESC LIMIT 1 \gset
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT t.id FROM tickets t
WHERE t.customer_id IN (SELECT c.customer_id FROM customer_contacts c WHERE c.kind = 'Phone' AND reverse(c.value) LIKE reverse(:'tail') || '%')
ORDER BY t.updated_at DESC, t.id DESC LIMIT 51;
\echo '--- latest parcel: index lookup'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT s.tracking_number, s.promised_at FROM shipments s
WHERE s.order_id = (SELECT order_id FROM tickets WHERE order_id IS NOT NULL ORDER BY id DESC LIMIT 1)
ORDER BY s.shipped_at DESC, s.id DESC LIMIT 1;
\echo '--- SLA days (7 days) from the rollups'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, COSTS OFF)
SELECT (r.bucket AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(r.first_total)::int, sum(r.first_met)::int,
       sum(r.resolution_total)::int, sum(r.resolution_met)::int, sum(r.breaches)::int
FROM sla_rollups r WHERE r.bucket >= now() - interval '7 days' AND r.bucket < now()
GROUP BY 1 HAVING sum(r.tickets) > 0 ORDER BY 1;
