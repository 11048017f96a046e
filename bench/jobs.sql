-- psql -v agents=500 -v promises=50000 -f bench/jobs.sql on bench/jobs' copy of the bench database: the evening of a
-- national team for the two job scenarios of issue 14.
-- The checklist: :agents more agents (copies of agent@demo.local, signing in is not needed) spread over the service
-- teams, and :promises open promises of theirs on open tickets: a third made today, a third due today, a third
-- overdue since up to ten days; the checklists of the days before today already built, so the job builds today's —
-- at once whatever the hour and weekday the bench runs: the service teams work 7×24 with the checklist at 00:00.
-- The storm: nothing is due when the app starts (deadlines that passed while the bench database lay still are moved
-- a year on); bench/jobs then makes its tickets breach at once.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

INSERT INTO identity_users (id, display_name, max_open_tickets, is_on_duty, user_name, normalized_user_name, email, normalized_email,
    email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled,
    access_failed_count, is_active, may_refund)
SELECT gen_random_uuid(), '压测坐席' || n, u.max_open_tickets, true, 'bench.agent' || n || '@example.cn', upper('bench.agent' || n || '@example.cn'),
       'bench.agent' || n || '@example.cn', upper('bench.agent' || n || '@example.cn'), true, u.password_hash, gen_random_uuid()::text,
       gen_random_uuid()::text, false, false, true, 0, true, false
FROM identity_users u CROSS JOIN generate_series(1, :agents) n
WHERE u.email = 'agent@demo.local';
INSERT INTO identity_user_roles (user_id, role_id)
SELECT u.id, r.role_id FROM identity_users u
CROSS JOIN (SELECT ur.role_id FROM identity_user_roles ur JOIN identity_users a ON a.id = ur.user_id WHERE a.email = 'agent@demo.local') r
WHERE u.email LIKE 'bench.agent%@example.cn';
CREATE TEMP TABLE bench_agents AS
SELECT u.id, row_number() OVER (ORDER BY u.email) AS n FROM identity_users u WHERE u.email LIKE 'bench.agent%@example.cn';
INSERT INTO team_members (team_id, user_id)
SELECT t.id, a.id FROM bench_agents a
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS teams FROM teams WHERE kind = 'Service') t ON a.n % t.teams = t.k;

CREATE TEMP TABLE bench_open AS
SELECT id, row_number() OVER (ORDER BY hashint8(id)) AS n FROM tickets WHERE status NOT IN ('Resolved', 'Closed') LIMIT :promises;
INSERT INTO commitments (ticket_id, owner_id, kind, text, made_at, due_at, original_due_at, status)
SELECT o.id, a.id, (ARRAY['CallBack', 'ReplyWithInformation', 'Ship', 'Refund', 'Compensation', 'Other'])[1 + o.n % 6],
       '今天给您回电确认处理结果', d.made, d.due, d.due, 'Open'
FROM bench_open o
JOIN bench_agents a ON a.n = 1 + o.n % :agents
CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS today) t
CROSS JOIN LATERAL (SELECT CASE o.n % 3
    WHEN 0 THEN ((t.today + time '09:00') AT TIME ZONE 'Asia/Shanghai') + (o.n % 480) * interval '1 minute'
    ELSE ((t.today - 1 - (o.n % 10)::int + time '10:00') AT TIME ZONE 'Asia/Shanghai') END AS made,
  CASE o.n % 3
    WHEN 0 THEN ((t.today + 1 + time '12:00') AT TIME ZONE 'Asia/Shanghai')
    WHEN 1 THEN ((t.today + time '17:00') AT TIME ZONE 'Asia/Shanghai')
    ELSE ((t.today - (o.n % 10)::int + time '12:00') AT TIME ZONE 'Asia/Shanghai') END AS due) d;
UPDATE teams SET calendar_id = (SELECT id FROM business_calendars WHERE is24x7 LIMIT 1), checklist_time = '00:00' WHERE kind = 'Service';
INSERT INTO daily_checklists (team_id, business_date, built_at)
SELECT t.id, (now() AT TIME ZONE 'Asia/Shanghai')::date - k, now() FROM teams t CROSS JOIN generate_series(1, 10) k
WHERE t.kind = 'Service' ON CONFLICT DO NOTHING;
DELETE FROM daily_checklists WHERE business_date = (now() AT TIME ZONE 'Asia/Shanghai')::date;

UPDATE tickets SET next_deadline_at = next_deadline_at + interval '1 year' WHERE next_deadline_at <= now() + interval '10 minutes';
UPDATE follow_up_tasks SET reminded_at = now() WHERE status = 'Open' AND reminded_at IS NULL;
DELETE FROM outbox_messages WHERE status <> 'Sent';
VACUUM ANALYZE identity_users, team_members, commitments, daily_checklists, tickets;
