# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from oms_domain.waves import ReadyDelivery, Stop, group_waves, walk_rank


class OmsWaveBuilder(models.TransientModel):
    _name = "oms.wave.builder"
    _description = "Build Pick Waves"

    picking_ids = fields.Many2many(
        "stock.picking",
        string="Deliveries",
        help="Deliveries to group; those not ready, not outgoing or already in a "
        "batch are left out.",
    )
    max_deliveries = fields.Integer(
        string="Deliveries per Wave",
        help="Split bigger waves; 0: one wave per store, carrier and cut-off.",
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    suggest_boxes = fields.Boolean(
        default=True,
        help="Suggest the boxes of each delivery (a person's choice is kept).",
    )
    ready_count = fields.Integer(compute="_compute_preview")
    skipped_count = fields.Integer(compute="_compute_preview")
    preview = fields.Text(compute="_compute_preview")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "picking_ids" in fields_list and not res.get("picking_ids"):
            context = self.env.context
            if context.get("active_model") == "stock.picking" and context.get(
                "active_ids"
            ):
                ids = context["active_ids"]
            else:
                ids = self.env["stock.picking"].search(self._ready_domain()).ids
            res["picking_ids"] = [(6, 0, ids)]
        return res

    @api.model
    def _ready_domain(self):
        return [
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "assigned"),
            ("batch_id", "=", False),
        ]

    @api.depends("picking_ids", "max_deliveries")
    def _compute_preview(self):
        for wizard in self:
            ready = wizard._ready_pickings()
            wizard.ready_count = len(ready)
            wizard.skipped_count = len(wizard.picking_ids) - len(ready)
            lines = []
            for wave, pickings in wizard._plan(ready):
                lines.append(
                    "%s: %s" % (wizard._wave_description(wave, pickings), len(pickings))
                )
            wizard.preview = "\n".join(lines)

    def _ready_pickings(self):
        self.ensure_one()
        return self.picking_ids.filtered_domain(self._ready_domain())

    def _plan(self, pickings):
        """[(domain Wave, pickings)] for ``pickings``, earliest cut-off first."""
        if not pickings:
            return []
        tz = self._timezone()

        def local(moment):
            return pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)

        rank = walk_rank(
            [
                Stop(loc.id, loc.complete_name or "", loc.posx, loc.posy, loc.posz)
                for loc in pickings.move_line_ids.location_id | pickings.location_id
            ]
        )
        deliveries = []
        for picking in pickings:
            stops = [rank[loc.id] for loc in picking.move_line_ids.location_id]
            deliveries.append(
                ReadyDelivery(
                    picking.id,
                    picking.picking_type_id.id,
                    picking.carrier_id.id or None,
                    local(picking.scheduled_date),
                    (min(stops or [rank[picking.location_id.id]]),),
                )
            )
        cutoffs = {
            carrier.id: carrier._oms_cutoff()
            for carrier in pickings.carrier_id
            if carrier.oms_cutoff_time
        }
        waves = group_waves(
            deliveries,
            local(fields.Datetime.now()),
            cutoffs,
            max_deliveries=max(self.max_deliveries, 0),
        )
        return [(wave, pickings.browse(wave.deliveries)) for wave in waves]

    def _timezone(self):
        """Cut-offs are times of the warehouse's day: the user's time zone."""
        return pytz.timezone(
            self.env.user.tz or self.env.company.partner_id.tz or "UTC"
        )

    def _utc(self, moment):
        return (
            self._timezone().localize(moment).astimezone(pytz.utc).replace(tzinfo=None)
        )

    def _wave_description(self, wave, pickings):
        picking_type = pickings.picking_type_id[:1]
        carrier = pickings.carrier_id[:1]
        store = picking_type.warehouse_id.name or picking_type.display_name
        if wave.cutoff:
            when = self.env._(
                "cut-off %s",
                fields.Datetime.to_string(wave.cutoff)[:16],
            )
        else:
            when = fields.Date.to_string(wave.day)
        return " · ".join([store, carrier.name or self.env._("No carrier"), when])

    def action_build(self):
        """Create one wave (picking batch) per group, in progress, with its walk
        order set and, if asked, the boxes suggested."""
        self.ensure_one()
        ready = self._ready_pickings()
        if not ready:
            raise UserError(
                self.env._(
                    "None of these deliveries is ready to pick: they must be "
                    "outgoing, reserved and in no batch yet."
                )
            )
        ready.check_access("write")
        vals_list = []
        for wave, pickings in self._plan(ready):
            cutoff = self._utc(wave.cutoff) if wave.cutoff else False
            vals_list.append(
                {
                    "is_wave": True,
                    "company_id": pickings.company_id[:1].id,
                    "picking_type_id": pickings.picking_type_id[:1].id,
                    "user_id": self.user_id.id,
                    "description": self._wave_description(wave, pickings),
                    "oms_carrier_id": wave.carrier or False,
                    "oms_cutoff": cutoff,
                    "scheduled_date": cutoff or min(pickings.mapped("scheduled_date")),
                    "picking_ids": [(6, 0, pickings.ids)],
                }
            )
        batches = self.env["stock.picking.batch"].create(vals_list)
        for batch in batches:
            batch.action_confirm()
        batches.move_line_ids._oms_set_walk_sequence()
        if self.suggest_boxes:
            batches.picking_ids._oms_suggest_boxes()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "stock_picking_batch.action_picking_tree_wave"
        )
        action["domain"] = [("id", "in", batches.ids)]
        action["context"] = {}
        return action
