-- Bench data on top of the demo data (psql -v tickets=N -f generate.sql): N tickets, N/5 customers (an e-mail and a
-- phone each), 0.73 N orders with a line each, parcels for the shipped ones (some two) with two tracking events each,
-- ~4 messages a ticket (one ticket in 2,000 a long conversation of 150), SLA clocks consistent with each ticket's
-- status, breach escalations for the clocks that ran out. Chinese text is composed from word lists, so two-character
-- words occur at low, realistic frequencies: 物流 in ~8 % of messages, 退款 ~5 %, 发票 ~1 %, 七天无理由 ~0.4 %.
-- Secondary indexes are dropped for the load and built again afterwards (unique ones check their keys then).
\set ON_ERROR_STOP on
\timing off
SET client_min_messages = warning;
SELECT setseed(0.14);

CREATE TEMP TABLE saved_indexes AS
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public'
  AND i.tablename IN ('tickets', 'ticket_messages', 'ticket_slas', 'customers', 'customer_contacts', 'orders', 'order_lines', 'shipments', 'tracking_events', 'sla_escalations')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass);
DO $$ DECLARE r record; BEGIN FOR r IN SELECT indexname FROM saved_indexes LOOP EXECUTE 'DROP INDEX ' || quote_ident(r.indexname); END LOOP; END $$;
ALTER TABLE ticket_slas DISABLE TRIGGER sla_rollup_clocks;
ALTER TABLE sla_escalations DISABLE TRIGGER sla_rollup_breaches;
-- UnitsSold facts are written in bulk by generate-reports.sql instead of a trigger call per order line.
ALTER TABLE order_lines DISABLE TRIGGER units_sold_lines;

CREATE TEMP TABLE words AS SELECT
  ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗','郑','梁','谢','宋','唐','许','韩','冯','邓','曹'] AS surnames,
  ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀英','霞','平','刚','桂英','晓东','建华','海燕','志强','文静','俊杰','雪梅','子涵'] AS given,
  ARRAY['耳机','手机壳','充电器','电饭煲','空气炸锅','羽绒服','运动鞋','保温杯','蓝牙音箱','洗衣液','面膜','口红','台灯','键盘','鼠标','显示器','行李箱','背包','床单','枕头','茶叶','奶粉','纸尿裤','咖啡机','吸尘器','电动牙刷','剃须刀','吹风机','平板','手表','相机','镜头','路由器','插线板','水杯','饭盒','毛巾','拖鞋','衬衫','裤子','外套','帽子','围巾','手套','袜子','玩具','积木','绘本','钢笔','文件夹'] AS products,
  ARRAY['没有声音','屏幕有划痕','颜色不对','尺码偏小','少发了配件','包装破损','无法开机','充不进电','有异味','质量太差','和描述不符','按键失灵','漏水','发错型号','缺少说明书','做工粗糙','电池鼓包','信号很差','噪音很大','用了两天就坏'] AS issues,
  ARRAY['您好','你好','在吗','麻烦问一下','请问','客服你好','打扰一下','亲','早上好','晚上好'] AS greetings,
  ARRAY['我上周买的','昨天刚收到','这是第二次出现','家里老人在用','送给朋友的礼物','公司统一采购的','活动期间下的单','用了不到一个月','拆开包装就发现','按照说明书操作了'] AS contexts,
  ARRAY['希望尽快处理','请帮我看看怎么办','能不能换一个新的','想了解一下保修政策','可以补发配件吗','麻烦给个解决方案','我很着急','周末前能解决吗','谢谢','等你们回复'] AS asks,
  ARRAY['已为您登记','已经反馈给相关同事','请您提供一下照片','我们会在二十四小时内回复','给您带来不便非常抱歉','请您耐心等待','已经帮您加急处理','请确认收货地址','稍后会有专员联系您','感谢您的理解'] AS replies,
  ARRAY['物流一直没有更新','物流信息显示已签收但我没收到','请帮我查一下物流','物流太慢了','快递员说物流中转站积压'] AS logistics,
  ARRAY['我要申请退款','退款什么时候到账','退款被拒绝了','能不能先退款','退款金额不对'] AS refunds,
  ARRAY['需要开具发票','发票抬头写错了','电子发票在哪里下载','请补开增值税发票'] AS invoices,
  ARRAY['支持七天无理由退货吗','七天无理由退货运费谁出'] AS noreason,
  ARRAY['顺丰速运','中通快递','圆通速递','韵达快递','京东物流','EMS'] AS carriers,
  ARRAY['北京','上海','广州','深圳','杭州','成都','武汉','西安','南京','重庆'] AS cities;

CREATE TEMP TABLE base AS SELECT
  :tickets::bigint AS n,
  greatest(:tickets / 5, 10)::bigint AS c,
  greatest(:tickets * 726 / 1000, 10)::bigint AS o,
  (SELECT coalesce(max(id), 0) FROM customers) AS c0,
  (SELECT coalesce(max(id), 0) FROM customer_contacts) AS cc0,
  (SELECT coalesce(max(id), 0) FROM orders) AS o0,
  (SELECT coalesce(max(id), 0) FROM order_lines) AS ol0,
  (SELECT coalesce(max(id), 0) FROM shipments) AS s0,
  (SELECT coalesce(max(id), 0) FROM tickets) AS t0,
  (SELECT array_agg(id ORDER BY id) FROM products) AS products,
  (SELECT array_agg(m.team_id ORDER BY m.team_id, m.user_id) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE t.kind = 'Service') AS member_teams,
  (SELECT array_agg(m.user_id ORDER BY m.team_id, m.user_id) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE t.kind = 'Service') AS member_users,
  (SELECT min(id) FROM sla_policies) AS policy,
  (SELECT min(id) FROM business_calendars) AS calendar,
  now() AS at;

\echo customers
INSERT INTO customers (id, name, tier, created_at)
SELECT b.c0 + g, w.surnames[1 + (g * 7) % 30] || w.given[1 + (g * 13 / 7) % 30],
       CASE WHEN g % 20 = 0 THEN 'Vip' WHEN g % 5 = 0 THEN 'Plus' ELSE 'Regular' END,
       b.at - interval '400 days' + (g::double precision / b.c) * interval '360 days'
FROM base b, words w, generate_series(1, b.c) g;

INSERT INTO customer_contacts (id, customer_id, kind, value)
SELECT b.cc0 + 2 * g - 1, b.c0 + g, 'Email', 'c' || (b.c0 + g) || '@bench.example.cn' FROM base b, generate_series(1, b.c) g
UNION ALL
SELECT b.cc0 + 2 * g, b.c0 + g, 'Phone', '166' || lpad(((g * 7919) % 100000000)::text, 8, '0') FROM base b, generate_series(1, b.c) g;

\echo orders
INSERT INTO orders (id, number, customer_id, placed_at, status, currency, total, payment_method, payment_status, paid_at, paid_amount)
SELECT b.o0 + g, 'BN' || lpad((b.o0 + g)::text, 10, '0'), b.c0 + 1 + (g - 1) % b.c,
       p.placed, p.status, 'CNY', p.qty * p.price, (ARRAY['支付宝','微信支付','银行卡'])[1 + g % 3],
       CASE WHEN p.status = 'Placed' THEN 'Pending' ELSE 'Paid' END,
       CASE WHEN p.status = 'Placed' THEN NULL ELSE p.placed + interval '2 minutes' END,
       CASE WHEN p.status = 'Placed' THEN 0 ELSE p.qty * p.price END
FROM base b, generate_series(1, b.o) g,
LATERAL (SELECT b.at - interval '380 days' + (g::double precision / b.o) * interval '375 days' AS placed,
                1 + g % 3 AS qty, (19 + (g * 37) % 1980)::numeric(18, 2) AS price,
                CASE WHEN g % 20 = 0 THEN 'Placed' WHEN g % 20 = 1 THEN 'Cancelled' WHEN g % 20 < 5 THEN 'Paid' WHEN g % 20 < 9 THEN 'Shipped' WHEN g % 20 < 15 THEN 'Delivered' ELSE 'Completed' END AS status) p;

INSERT INTO order_lines (id, order_id, product_id, sku, product_name, quantity, unit_price, paid_amount)
SELECT b.ol0 + (o.id - b.o0), o.id, pr.id, pr.sku, pr.name, 1 + (o.id % 3), o.total / (1 + (o.id % 3)), o.paid_amount
FROM base b JOIN orders o ON o.id > b.o0
JOIN products pr ON pr.id = b.products[1 + o.id % array_length(b.products, 1)];

\echo parcels
INSERT INTO shipments (id, order_id, carrier, tracking_number, status, shipped_at, promised_at, delivered_at)
SELECT b.s0 + row_number() OVER (ORDER BY o.id, k), o.id, w.carriers[1 + (o.id + k) % 6], 'BT' || lpad((o.id * 2 + k)::text, 12, '0'),
       CASE WHEN o.status = 'Shipped' THEN (CASE WHEN o.id % 7 = 0 THEN 'Delayed' ELSE 'InTransit' END) ELSE 'Delivered' END,
       o.placed_at + interval '1 day' + k * interval '6 hours', o.placed_at + interval '4 days',
       CASE WHEN o.status = 'Shipped' THEN NULL ELSE o.placed_at + interval '3 days' END
FROM base b CROSS JOIN words w JOIN orders o ON o.id > b.o0 AND o.status IN ('Shipped', 'Delivered', 'Completed')
CROSS JOIN LATERAL generate_series(0, CASE WHEN o.id % 13 = 0 THEN 1 ELSE 0 END) k;

INSERT INTO tracking_events (shipment_id, at, status, location, description)
SELECT s.id, s.shipped_at + e * interval '20 hours', CASE WHEN e = 1 AND s.delivered_at IS NOT NULL THEN 'Delivered' ELSE 'InTransit' END,
       w.cities[1 + (s.id + e) % 10], CASE WHEN e = 0 THEN '快件已由【' || w.cities[1 + s.id % 10] || '】揽收' ELSE '快件已到达【' || w.cities[1 + (s.id + e) % 10] || '转运中心】' END
FROM base b CROSS JOIN words w JOIN shipments s ON s.id > b.s0 CROSS JOIN generate_series(0, 1) e;

\echo tickets
-- 70 % resolved or closed over the last year; 30 % open within the last ten days.
CREATE TEMP TABLE gen AS
SELECT g, b.t0 + g AS id,
       CASE WHEN r1 < 0.71 THEN b.o0 + 1 + floor(r2 * b.o)::bigint END AS order_id,
       r3, r4,
       CASE WHEN g % 2000 = 0 THEN 150 ELSE 2 + floor(r4 * 5)::int END AS messages,
       CASE WHEN r3 < 0.70 THEN (CASE WHEN r3 < 0.45 THEN 'Closed' ELSE 'Resolved' END)
            WHEN r3 < 0.75 THEN 'New' WHEN r3 < 0.90 THEN 'Open' WHEN r3 < 0.96 THEN 'PendingCustomer' ELSE 'OnHold' END AS status,
       CASE WHEN r3 < 0.70 THEN b.at - interval '365 days' + r5 * interval '355 days' ELSE b.at - r5 * interval '10 days' END AS created_at,
       1 + floor(r6 * array_length(b.member_users, 1))::int AS member
FROM base b, (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6 FROM base, generate_series(1, base.n) g) r;

INSERT INTO tickets (id, subject, category, priority, status, channel, customer_id, team_id, assignee_id, order_id, tags, created_at, updated_at,
                     first_responded_at, last_customer_message_at, resolved_at, closed_at, next_deadline_at, sla_state)
SELECT x.id,
       CASE WHEN x.r4 < 0.15 THEN '物流问题：' || w.products[1 + x.g % 50] ELSE w.products[1 + x.g % 50] || w.issues[1 + (x.g / 50) % 20] END,
       (ARRAY['OrderInquiry','AfterSales','Logistics','AccountPayment','ProductConsultation','ComplaintSuggestion','SpecialServices'])[1 + x.g % 7],
       (ARRAY[0, 1, 1, 1, 2, 2, 3])[1 + (x.g / 7) % 7],
       x.status,
       (ARRAY['WebForm','Email','Chat','Phone','Social'])[1 + (x.g / 3) % 5],
       CASE WHEN x.order_id IS NULL THEN b.c0 + 1 + (x.g * 7) % b.c ELSE b.c0 + 1 + (x.order_id - b.o0 - 1) % b.c END,
       CASE WHEN x.status = 'New' AND x.g % 3 = 0 THEN NULL ELSE b.member_teams[x.member] END,
       CASE WHEN x.status = 'New' THEN NULL ELSE b.member_users[x.member] END,
       x.order_id,
       CASE WHEN x.g % 10 = 0 THEN ARRAY['回访'] ELSE ARRAY[]::text[] END,
       x.created_at, x.created_at + x.messages * interval '37 minutes',
       CASE WHEN x.status <> 'New' THEN x.created_at + interval '37 minutes' END,
       x.created_at,
       CASE WHEN x.status IN ('Resolved', 'Closed') THEN x.created_at + x.messages * interval '37 minutes' END,
       CASE WHEN x.status = 'Closed' THEN x.created_at + interval '3 days' END,
       CASE WHEN x.status = 'New' THEN x.created_at + interval '60 minutes' WHEN x.status = 'Open' THEN x.created_at + interval '1440 minutes' END,
       CASE WHEN x.status IN ('Resolved', 'Closed') THEN 'None' WHEN x.status IN ('PendingCustomer', 'OnHold') THEN 'Paused'
            WHEN x.status = 'New' THEN (CASE WHEN x.created_at + interval '60 minutes' < b.at THEN 'Breached' WHEN x.created_at + interval '45 minutes' < b.at THEN 'AtRisk' ELSE 'OnTrack' END)
            ELSE (CASE WHEN x.created_at + interval '1440 minutes' < b.at THEN 'Breached' WHEN x.created_at + interval '1080 minutes' < b.at THEN 'AtRisk' ELSE 'OnTrack' END) END
FROM gen x, base b, words w;
SELECT setval('ticket_numbers', (SELECT max(number) FROM tickets));

INSERT INTO ticket_slas (ticket_id, policy_id, calendar_id,
    first_response_target_minutes, first_response_at_risk_percent, first_response_started_at, first_response_elapsed_minutes, first_response_running_since, first_response_due_at, first_response_at_risk_at, first_response_stopped_at, first_response_breached,
    next_response_target_minutes, next_response_at_risk_percent, next_response_elapsed_minutes, next_response_breached,
    resolution_target_minutes, resolution_at_risk_percent, resolution_started_at, resolution_elapsed_minutes, resolution_running_since, resolution_due_at, resolution_at_risk_at, resolution_stopped_at, resolution_breached,
    pause_reason, paused_at)
SELECT t.id, b.policy, b.calendar,
       60, 75, t.created_at, CASE WHEN t.status = 'New' THEN 0 ELSE 37 END, CASE WHEN t.status = 'New' THEN t.created_at END,
       t.created_at + interval '60 minutes', t.created_at + interval '45 minutes', t.first_responded_at,
       CASE WHEN t.status = 'New' THEN t.sla_state = 'Breached' ELSE x.r4 < 0.1 END,
       240, 75, 0, false,
       1440, 75, t.created_at, CASE WHEN t.resolved_at IS NOT NULL THEN extract(epoch FROM t.resolved_at - t.created_at) / 60 ELSE 0 END,
       CASE WHEN t.status IN ('New', 'Open') THEN t.created_at END,
       t.created_at + interval '1440 minutes', t.created_at + interval '1080 minutes', t.resolved_at,
       CASE WHEN t.status = 'Open' THEN t.sla_state = 'Breached' ELSE t.resolved_at IS NOT NULL AND x.r3 < 0.06 END,
       CASE t.status WHEN 'PendingCustomer' THEN 'WaitingForCustomer' WHEN 'OnHold' THEN 'OnHold' ELSE 'None' END,
       CASE WHEN t.status IN ('PendingCustomer', 'OnHold') THEN t.updated_at END
FROM gen x JOIN tickets t ON t.id = x.id, base b;

INSERT INTO sla_escalations (ticket_id, metric, level, clock_started_at, due_at, at)
SELECT s.ticket_id, 'FirstResponse', 'Breached', s.first_response_started_at, s.first_response_due_at, s.first_response_due_at
FROM base b JOIN ticket_slas s ON s.ticket_id > b.t0 WHERE s.first_response_breached AND s.first_response_due_at <= now()
UNION ALL
SELECT s.ticket_id, 'Resolution', 'Breached', s.resolution_started_at, s.resolution_due_at, s.resolution_due_at
FROM base b JOIN ticket_slas s ON s.ticket_id > b.t0 WHERE s.resolution_breached AND s.resolution_due_at <= now(); -- never one in the future

\echo messages
INSERT INTO ticket_messages (ticket_id, kind, author_staff_id, author_name, channel, body, created_at)
SELECT t.id,
       CASE WHEN k % 2 = 1 THEN 'Customer' WHEN k % 10 = 4 THEN 'InternalNote' ELSE 'PublicReply' END,
       CASE WHEN k % 2 = 1 THEN NULL ELSE coalesce(t.assignee_id, b.member_users[1]) END,
       CASE WHEN k % 2 = 1 THEN '客户' ELSE '客服' END,
       t.channel,
       CASE WHEN k % 2 = 1 THEN
           w.greetings[1 + floor(random() * 10)::int] || '，' || w.contexts[1 + floor(random() * 10)::int] || '的' || w.products[1 + floor(random() * 50)::int] || w.issues[1 + floor(random() * 20)::int] || '。'
           || CASE WHEN random() < 0.5 THEN w.products[1 + floor(random() * 50)::int] || '也' || w.issues[1 + floor(random() * 20)::int] || '。' ELSE '' END
           || w.asks[1 + floor(random() * 10)::int] || '。'
       ELSE
           w.greetings[1 + floor(random() * 10)::int] || '，' || w.replies[1 + floor(random() * 10)::int] || '。' || w.replies[1 + floor(random() * 10)::int] || '。'
       END
       || CASE WHEN random() < 0.08 THEN w.logistics[1 + floor(random() * 5)::int] || '。' ELSE '' END
       || CASE WHEN random() < 0.05 THEN w.refunds[1 + floor(random() * 5)::int] || '。' ELSE '' END
       || CASE WHEN random() < 0.01 THEN w.invoices[1 + floor(random() * 4)::int] || '。' ELSE '' END
       || CASE WHEN random() < 0.004 THEN w.noreason[1 + floor(random() * 2)::int] || '。' ELSE '' END,
       t.created_at + (k - 1) * interval '37 minutes'
FROM gen x JOIN tickets t ON t.id = x.id CROSS JOIN base b CROSS JOIN words w
CROSS JOIN LATERAL generate_series(1, x.messages) k;

\echo indexes
SET maintenance_work_mem = '1GB';
SET max_parallel_maintenance_workers = 2;
DO $$ DECLARE r record; BEGIN FOR r IN SELECT indexdef FROM saved_indexes LOOP EXECUTE r.indexdef; END LOOP; END $$;
ALTER TABLE ticket_slas ENABLE TRIGGER sla_rollup_clocks;
ALTER TABLE sla_escalations ENABLE TRIGGER sla_rollup_breaches;
ALTER TABLE order_lines ENABLE TRIGGER units_sold_lines;

DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname AS t, a.attname AS col FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           WHERE a.attidentity <> '' AND c.relname IN ('customers', 'customer_contacts', 'orders', 'order_lines', 'shipments', 'tracking_events', 'tickets', 'ticket_messages', 'sla_escalations') LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), (SELECT max(%I) FROM %I))', r.t, r.col, r.col, r.t);
  END LOOP;
END $$;
