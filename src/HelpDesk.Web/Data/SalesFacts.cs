namespace HelpDesk.Web.Data;

/// <summary>
/// Units sold as reporting facts, and the narrow daily rollup the complaint-rate and hotspots pages read (issue 16,
/// speed at 1M tickets). SQL only (migration Reports_UnitsSold), no EF model change.
/// <para><b>UnitsSold facts</b>: triggers on <c>orders</c> and <c>order_lines</c> append a <c>report_facts</c> row
/// (kind UnitsSold, the product, value = the quantity, at = the order's placing time and its business date) whenever a line of
/// a counted order (not cancelled) appears, and a negative one when it goes: a line added, changed or removed, an
/// order cancelled or un-cancelled, re-dated or deleted. Every writer of orders — the orders API, the demo data, a
/// test, a psql session — is covered, and the facts only ever append (no hot row to lock, no deadlock between two
/// orders of the same products). The rollup job folds them like every other fact, so for any period the sum of
/// their values is exactly the units of the orders placed then that are not cancelled now.</para>
/// <para>The business date needs the business time zone inside PostgreSQL: <c>report_settings.time_zone</c> (one
/// row; the app writes its <c>HelpDesk:TimeZone</c> there at start-up, <see cref="SyncTimeZone"/>). Like every fact, a
/// UnitsSold fact keeps the business date it was given.</para>
/// <para><b>report_products_daily</b>: <c>report_daily</c> without team, agent and channel — business date × kind ×
/// category × product × supplier — folded in the same statement as <c>report_daily</c>. 90 days of new tickets are
/// ~20k rows here instead of ~280k.</para>
/// </summary>
public static class SalesFacts
{
    /// <summary>
    /// The UnitsSold facts of the orders already there, as the triggers would have written them (the migration; the
    /// bench's generator, which loads its order lines with the trigger off, runs the same statement).
    /// </summary>
    public const string Backfill = """
        INSERT INTO report_facts (kind, at, business_date, product_id, value)
        SELECT 'UnitsSold', o.placed_at, hd_business_date(o.placed_at), l.product_id, sum(l.quantity)
        FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.status <> 'Cancelled' GROUP BY o.id, l.product_id HAVING sum(l.quantity) <> 0;
        """;

    public const string Create = $$"""
        CREATE TABLE report_settings (
            id int PRIMARY KEY CHECK (id = 1),
            time_zone text NOT NULL);
        INSERT INTO report_settings VALUES (1, 'Asia/Shanghai');

        CREATE FUNCTION hd_business_date(at timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
            SELECT (at AT TIME ZONE (SELECT time_zone FROM report_settings WHERE id = 1))::date $$;

        -- sign 1 or -1: the units of the given lines of a counted order at its placing date.
        CREATE FUNCTION hd_units_sold(placed timestamptz, status text, sign int, product bigint, quantity int) RETURNS void
        LANGUAGE sql AS $$
            INSERT INTO report_facts (kind, at, business_date, product_id, value)
            SELECT 'UnitsSold', placed, hd_business_date(placed), product, sign * quantity
            WHERE status <> 'Cancelled' AND quantity <> 0 $$;

        CREATE FUNCTION hd_units_sold_line() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND (OLD.order_id, OLD.product_id, OLD.quantity) = (NEW.order_id, NEW.product_id, NEW.quantity) THEN
                RETURN NULL;
            END IF;
            -- A line removed with its order (ON DELETE CASCADE) finds no order: the order's own trigger counted it.
            IF TG_OP <> 'INSERT' THEN
                PERFORM hd_units_sold(o.placed_at, o.status, -1, OLD.product_id, OLD.quantity) FROM orders o WHERE o.id = OLD.order_id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                PERFORM hd_units_sold(o.placed_at, o.status, 1, NEW.product_id, NEW.quantity) FROM orders o WHERE o.id = NEW.order_id;
            END IF;
            RETURN NULL;
        END $$;

        CREATE FUNCTION hd_units_sold_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND (OLD.status = 'Cancelled') = (NEW.status = 'Cancelled')
               AND hd_business_date(OLD.placed_at) = hd_business_date(NEW.placed_at) THEN
                RETURN NULL;
            END IF;
            PERFORM hd_units_sold(OLD.placed_at, OLD.status, -1, l.product_id, l.quantity) FROM order_lines l WHERE l.order_id = OLD.id;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            PERFORM hd_units_sold(NEW.placed_at, NEW.status, 1, l.product_id, l.quantity) FROM order_lines l WHERE l.order_id = NEW.id;
            RETURN NULL;
        END $$;

        CREATE TRIGGER units_sold_lines AFTER INSERT OR UPDATE OR DELETE ON order_lines
            FOR EACH ROW EXECUTE FUNCTION hd_units_sold_line();
        CREATE TRIGGER units_sold_orders_update AFTER UPDATE OF status, placed_at ON orders
            FOR EACH ROW EXECUTE FUNCTION hd_units_sold_order();
        -- Before the delete, while its lines are still there (the cascade removes them after).
        CREATE TRIGGER units_sold_orders_delete BEFORE DELETE ON orders
            FOR EACH ROW EXECUTE FUNCTION hd_units_sold_order();

        -- The orders already there, as the triggers would have counted them.
        {{Backfill}}

        CREATE TABLE report_products_daily (
            kind varchar(40) NOT NULL,
            business_date date NOT NULL,
            category varchar(40) NOT NULL,
            product_id bigint NOT NULL,
            supplier varchar(200) NOT NULL,
            facts bigint NOT NULL,
            total numeric(20, 2) NOT NULL,
            PRIMARY KEY (kind, business_date, category, product_id, supplier));
        INSERT INTO report_products_daily (kind, business_date, category, product_id, supplier, facts, total)
        SELECT kind, business_date, category, product_id, supplier, sum(facts), sum(total)
        FROM report_daily GROUP BY 1, 2, 3, 4, 5;
        """;

    public const string Drop = """
        DROP TABLE IF EXISTS report_products_daily;
        DROP TRIGGER IF EXISTS units_sold_lines ON order_lines;
        DROP TRIGGER IF EXISTS units_sold_orders_update ON orders;
        DROP TRIGGER IF EXISTS units_sold_orders_delete ON orders;
        DROP FUNCTION IF EXISTS hd_units_sold_order();
        DROP FUNCTION IF EXISTS hd_units_sold_line();
        DROP FUNCTION IF EXISTS hd_units_sold(timestamptz, text, int, bigint, int);
        DROP FUNCTION IF EXISTS hd_business_date(timestamptz);
        DROP TABLE IF EXISTS report_settings;
        DELETE FROM report_facts WHERE kind = 'UnitsSold';
        DELETE FROM report_daily WHERE kind = 'UnitsSold';
        """;

    /// <summary>Parameter: the business time zone (IANA id). Run at start-up after the migrations.</summary>
    public const string SyncTimeZone = "UPDATE report_settings SET time_zone = @zone WHERE id = 1 AND time_zone <> @zone";

    /// <summary>The narrow rollup's key from a fact row <c>f</c> (see <see cref="Reporting.Key"/>).</summary>
    public const string ProductsKey = """
        f.kind, f.business_date, coalesce(f.category, ''), coalesce(f.product_id, 0), coalesce(f.supplier, '')
        """;
}
