# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Units ordered and delivered and the first shipment are stored on sale orders
for the order analysis: filled here in three statements, so that the update does
not recompute them order by order through the ORM."""


def migrate(cr, version):
    cr.execute(
        """
        ALTER TABLE sale_order
            ADD COLUMN IF NOT EXISTS oms_units numeric,
            ADD COLUMN IF NOT EXISTS oms_units_delivered numeric,
            ADD COLUMN IF NOT EXISTS oms_shipped_date timestamp
        """
    )
    cr.execute(
        """
        UPDATE sale_order so
           SET oms_units = line.units, oms_units_delivered = line.delivered
          FROM (SELECT order_id, SUM(product_uom_qty) AS units,
                       SUM(qty_delivered) AS delivered
                  FROM sale_order_line
                 WHERE display_type IS NULL
              GROUP BY order_id) line
         WHERE line.order_id = so.id
        """
    )
    cr.execute(
        """
        UPDATE sale_order so
           SET oms_shipped_date = shipped.date_done
          FROM (SELECT sp.sale_id, MIN(sp.date_done) AS date_done
                  FROM stock_picking sp
                  JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
                 WHERE sp.sale_id IS NOT NULL AND sp.state = 'done'
                   AND spt.code = 'outgoing'
              GROUP BY sp.sale_id) shipped
         WHERE shipped.sale_id = so.id
        """
    )
