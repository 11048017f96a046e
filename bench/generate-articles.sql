-- bench/generate-articles.sql: :articles more published articles for the knowledge-base search benchmark, made from
-- the demo library (35 articles in both languages' styles) crossed with 60 products and model numbers, so that the
-- same 2-character words recur across thousands of articles as they do in a real shop's help centre. One in ten is
-- internal. Each gets its first version, as an article written in the editor would; search_vector is generated.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_products(n int, name text) ON COMMIT PRESERVE ROWS;
INSERT INTO bench_products
SELECT row_number() OVER (), name FROM unnest(ARRAY[
  'Mate 60 Pro', 'P70 Art', 'nova 12', 'iPhone 16', 'MacBook Air M3', 'ThinkPad X1', 'Galaxy S24', 'Redmi K70',
  'MX-300 吸尘器', 'V12 Detect', 'HD-900 吹风机', 'AirPods Pro 2', 'Watch GT 4', 'Kindle Paperwhite', 'Switch OLED',
  'PS5 Slim', 'EOS R8', 'Z30 微单', 'DJI Mini 4', 'Osmo Pocket 3', '美的 M7 扫地机', '格力 云佳 空调', '海尔 冰箱 BCD-510',
  '小天鹅 洗衣机 TG100', '九阳 破壁机 L18', '苏泊尔 电饭煲 SF40', '飞利浦 剃须刀 S5000', '欧乐B 电动牙刷 iO3', '戴森 HS08',
  '罗技 MX Master 3S', '雷蛇 蝰蛇 V3', '西部数据 My Passport', '三星 T7 移动硬盘', '闪迪 至尊 256G', '小米 手环 9',
  '华为 路由 AX3', 'TP-Link XDR6088', '索尼 WH-1000XM5', 'Bose QC Ultra', 'JBL Flip 6', '安踏 跑鞋 C202', '李宁 飞电 4',
  '耐克 Pegasus 41', '优衣库 羽绒服', '波司登 羽绒服 B1', '三只松鼠 坚果礼盒', '蒙牛 特仑苏', '伊利 金典', '茅台 飞天 53度',
  '五粮液 普五', '雅诗兰黛 小棕瓶', '兰蔻 小黑瓶', 'SK-II 神仙水', '花西子 散粉', '帮宝适 一级帮', '好奇 金装', '乐高 42115',
  '得力 打印机 P2500', '惠普 LaserJet M232', '佳能 G3811']) AS name;

INSERT INTO articles (slug, language, category_id, audience, status, title, body, tags, products, terms,
                      helpful, not_helpful, deflections, created_at, updated_at, published_at)
SELECT 'bench-' || g,
       a.language,
       a.category_id,
       CASE WHEN g % 10 = 0 THEN 'Internal' ELSE 'Public' END,
       'Published',
       left(p.name || ' ' || a.title, 120),
       '适用于 ' || p.name || '。' || E'\n\n' || a.body,
       a.tags,
       ARRAY[p.name],
       a.terms || ' ' || p.name || ' ' || lower(regexp_replace(p.name, '([A-Za-z0-9])[ -]([A-Za-z0-9])', '\1\2', 'g')),
       (random() * 40)::int, (random() * 8)::int, 0,
       now() - interval '400 days' + g * interval '30 minutes',
       now() - random() * interval '300 days',
       now() - interval '300 days'
FROM generate_series(1, :articles) g
CROSS JOIN LATERAL (SELECT * FROM articles WHERE slug NOT LIKE 'bench-%' ORDER BY id OFFSET g % 35 LIMIT 1) a
JOIN bench_products p ON p.n = 1 + (g / 35) % 60;

INSERT INTO article_versions (article_id, number, title, body, by_id, by_name, at)
SELECT id, 1, title, body, '00000000-0000-0000-0000-000000000000', '压测', created_at FROM articles WHERE slug LIKE 'bench-%';
ANALYZE articles;
ANALYZE article_versions;
