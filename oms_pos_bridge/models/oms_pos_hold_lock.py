# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL, split_every


class OmsPosHoldLock(models.Model):
    """One row per (product, location) that holds or channel confirmations
    draw on; updating it serializes them.

    Updating (not only locking) the row matters: Odoo runs transactions in
    REPEATABLE READ, so a transaction that waited for the row fails to
    serialize once the other one commits, and Odoo retries it with a snapshot
    that sees the other's hold. A plain ``FOR UPDATE`` would let it go on with
    a stale view and take the same last unit.
    """

    _name = "oms.pos.hold.lock"
    _description = "Point of Sale Hold Lock"
    _log_access = False

    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="cascade"
    )
    location_id = fields.Many2one(
        "stock.location", required=True, readonly=True, ondelete="cascade"
    )
    version = fields.Integer(readonly=True, default=0)

    _sql_constraints = [
        (
            "product_location_uniq",
            "unique(product_id, location_id)",
            "One lock row per product and location.",
        ),
    ]

    @api.model
    def _oms_lock(self, product_ids, location_ids):
        """Lock (product, location) pairs for the rest of the transaction.

        Rows are upserted in a fixed order so that two transactions locking
        overlapping pairs cannot deadlock.
        """
        pairs = sorted({(p, loc) for p in product_ids for loc in location_ids})
        if not pairs:
            return
        for chunk in split_every(1000, pairs):
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO oms_pos_hold_lock (product_id, location_id, version)
                    VALUES %s
                    ON CONFLICT (product_id, location_id)
                    DO UPDATE SET version = oms_pos_hold_lock.version + 1
                    """,
                    SQL(", ").join(SQL("(%s, %s, 0)", p, loc) for p, loc in chunk),
                )
            )
