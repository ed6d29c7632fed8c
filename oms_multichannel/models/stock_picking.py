# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date

from oms_domain.labels import Address, PackingSlip, ShippingLabel, SlipLine
from oms_domain.packing import Item, PackingProblem, suggest_boxes


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "oms.notification.mixin"]

    oms_channel_id = fields.Many2one(
        related="sale_id.channel_id", string="Sales Channel", store=True, index=True
    )
    oms_box_ids = fields.One2many(
        "oms.picking.box", "picking_id", string="Suggested Boxes", copy=False
    )
    oms_box_warning = fields.Text(
        string="Box Suggestion Problem",
        readonly=True,
        copy=False,
        help="Why no box could be suggested: fix the product data or the package "
        "types, then suggest again.",
    )
    oms_is_pickup = fields.Boolean(related="carrier_id.oms_is_pickup")
    oms_ready_for_pickup_date = fields.Datetime(
        string="Ready for Pickup On", readonly=True, copy=False
    )
    oms_rebalancing = fields.Boolean(
        string="Rebalancing",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Suggested from the demand forecasts: moves stock from a warehouse "
        "with excess to one about to run out.",
    )

    # Workflow hooks ------------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if vals.get("carrier_tracking_ref") and not self.env.context.get(
            "oms_validating"
        ):
            # A tracking number typed after validation: tell the customer and
            # the channel again.
            done = self.filtered(lambda p: p.state == "done")._oms_customer_deliveries()
            done.filtered(
                lambda p: p.carrier_id and not p.oms_is_pickup
            )._oms_notify_customer("shipped", force=True)
            done.filtered("oms_channel_id")._oms_notify_channel_fulfilment()
        return res

    def _action_done(self):
        # A carrier integration writes the tracking number during validation:
        # the notifications below carry it, once.
        res = super(StockPicking, self.with_context(oms_validating=True))._action_done()
        done = self.filtered(lambda p: p.state == "done")._oms_customer_deliveries()
        if done:
            done._oms_delivery_done()
        return res

    def _oms_customer_deliveries(self):
        """Deliveries of channel orders that reach the customer."""
        return self.filtered(
            lambda p: (
                p.oms_channel_id
                and p.picking_type_code == "outgoing"
                and p.location_dest_id.usage == "customer"
            )
        )

    def _oms_delivery_done(self):
        """Notify the customer and the channel of validated deliveries. A store
        pickup handed over is a delivered order once nothing is left to ship."""
        pickups = self.filtered("oms_is_pickup")
        (self - pickups)._oms_notify_customer("shipped")
        collected = pickups.sale_id.filtered(
            lambda order: (
                not order.oms_delivered_date
                and all(
                    p.state in ("done", "cancel")
                    for p in order.picking_ids
                    if p.picking_type_code == "outgoing"
                )
            )
        )
        if collected:
            # Handed over at the counter: delivered, whoever validates.
            collected.sudo().oms_delivered_date = fields.Datetime.now()
        self._oms_notify_channel_fulfilment()

    def _oms_notify_channel_fulfilment(self):
        """Tell the channel these deliveries left, with their tracking.

        THE hook for connectors: called with the validated customer deliveries of
        channel orders (``oms_channel_id`` set), and again when a tracking number
        is entered after validation. Override it, call ``super()``, and for your
        channel's deliveries enqueue a job (``with_delay(identity_key=...)``) that
        pushes ``carrier_tracking_ref``, ``carrier_tracking_url``, the carrier and
        the shipped quantities: never call the channel from here, the delivery's
        transaction is still open.
        """
        return True

    def action_oms_ready_for_pickup(self):
        """The goods of a store pickup wait at the counter: tell the customer."""
        pickings = self.filtered(
            lambda p: p.oms_is_pickup and p.state not in ("done", "cancel")
        )
        if not pickings:
            raise UserError(
                self.env._(
                    "Only open deliveries with a store pickup carrier can be ready "
                    "for pickup."
                )
            )
        pickings.check_access("write")
        pickings.oms_ready_for_pickup_date = fields.Datetime.now()
        pickings._oms_customer_deliveries()._oms_notify_customer("pickup")
        return True

    def _oms_notification_channel(self):
        return self.oms_channel_id

    def _oms_sms_body(self, stage):
        self.ensure_one()
        values = {
            "company": self.company_id.name,
            "order": self.sale_id.channel_order_ref or self.sale_id.name,
        }
        if stage == "pickup":
            return self.env._(
                "%(company)s: your order %(order)s is ready for pickup at %(store)s.",
                store=self.picking_type_id.warehouse_id.name,
                **values,
            )
        if self.carrier_tracking_url:
            return self.env._(
                "%(company)s: your order %(order)s has shipped. Track it: %(url)s",
                url=self.carrier_tracking_url,
                **values,
            )
        return self.env._("%(company)s: your order %(order)s has shipped.", **values)

    # Box suggestion ----------------------------------------------------------------

    def action_oms_suggest_boxes(self):
        """Suggest the boxes again, also where a person changed them."""
        self._oms_suggest_boxes(force=True)
        return True

    def _oms_suggest_boxes(self, force=False):
        """Store the suggested boxes of these deliveries (open customer deliveries
        only). Deliveries whose boxes a person changed keep them unless
        ``force``; packed boxes are always kept."""
        pickings = self.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state not in ("done", "cancel")
                and not p.oms_box_ids.filtered("package_id")
                and (force or not p.oms_box_ids.filtered("is_manual"))
            )
        )
        if not pickings:
            return
        suggestions = pickings._oms_packing_suggestions()
        boxes_model = self.env["oms.picking.box"].with_context(oms_box_suggestion=True)
        pickings.oms_box_ids.with_context(oms_box_suggestion=True).unlink()
        vals_list = []
        for picking in pickings:
            suggestion = suggestions[picking.id]
            warning = picking._oms_packing_warning(suggestion)
            if picking.oms_box_warning != warning:
                picking.oms_box_warning = warning
            for sequence, box in enumerate(suggestion.boxes, start=1):
                vals_list.append(
                    {
                        "picking_id": picking.id,
                        "sequence": sequence,
                        "package_type_id": box.box_type.key,
                        "contents": {
                            str(key): qty for key, qty in box.quantities().items()
                        },
                        "weight": box.weight,
                    }
                )
        boxes_model.create(vals_list)

    def _oms_packing_suggestions(self):
        """``{picking id: Suggestion}``, computed without writing anything."""
        box_types = {}
        result = {}
        for picking in self:
            company = picking.company_id
            if company.id not in box_types:
                types = self.env["stock.package.type"]._oms_suggestable(company)
                box_types[company.id] = [t._oms_box_type() for t in types]
            result[picking.id] = suggest_boxes(
                picking._oms_packing_items(), box_types[company.id]
            )
        return result

    def _oms_packing_items(self):
        """The goods of the delivery as packing items (whole units, cm)."""
        self.ensure_one()
        quantities = defaultdict(float)
        for move in self.move_ids:
            if move.state != "cancel" and move.product_id.type == "consu":
                quantities[move.product_id] += move.product_qty
        return [
            Item(
                product.id,
                product.product_length,
                product.product_width,
                product.product_height,
                product.weight,
                math.ceil(qty - 1e-6),
            )
            for product, qty in quantities.items()
            if qty > 0
        ]

    def _oms_packing_warning(self, suggestion):
        """The suggestion's problems as one translated text, or False."""
        if not suggestion.issues:
            return False
        messages = []
        for issue in suggestion.issues:
            names = ", ".join(
                self.env["product.product"].browse(issue.keys).mapped("display_name")
            )
            messages.append(self._oms_packing_problem_message(issue.problem, names))
        return "\n".join(messages)

    def _oms_packing_problem_message(self, problem, names):
        if problem == PackingProblem.NO_BOX_TYPES:
            return self.env._(
                "No package type with a size is available for box suggestion."
            )
        if problem == PackingProblem.MISSING_DIMENSIONS:
            return self.env._("Length, width or height missing on: %s", names)
        if problem == PackingProblem.MISSING_WEIGHT:
            return self.env._("Weight missing on: %s", names)
        if problem == PackingProblem.TOO_BIG:
            return self.env._("Bigger than every package type: %s", names)
        return self.env._("Heavier than every package type allows: %s", names)

    def action_oms_pack_suggested(self):
        """Put the goods in packages as the suggested boxes say; each package gets
        the box's type, estimated weight and size."""
        for picking in self:
            boxes = picking.oms_box_ids.filtered(lambda b: not b.package_id)
            if not boxes:
                raise UserError(
                    self.env._("%s has no suggested box left to pack.", picking.name)
                )
            for box in boxes:
                lines = picking._oms_move_lines_for(box.contents or {})
                package = picking._put_in_pack(lines)
                length, width, height = box.package_type_id._oms_size_cm()
                package.write(
                    {
                        "package_type_id": box.package_type_id.id,
                        "shipping_weight": box.weight,
                        "oms_length": length,
                        "oms_width": width,
                        "oms_height": height,
                    }
                )
                box.with_context(oms_box_suggestion=True).package_id = package
        return True

    def _oms_move_lines_for(self, contents):
        """Unpacked move lines holding exactly ``contents`` ({product id: units}),
        split where a line holds more."""
        self.ensure_one()
        result = self.env["stock.move.line"]
        for product_id, wanted in contents.items():
            product = self.env["product.product"].browse(int(product_id))
            rounding = product.uom_id.rounding
            lines = self.move_line_ids.filtered(
                lambda ml, p=product: ml.product_id == p and not ml.result_package_id
            )
            for line in lines:
                if float_compare(wanted, 0, precision_rounding=rounding) <= 0:
                    break
                qty = line.product_uom_id._compute_quantity(
                    line.quantity, product.uom_id, round=False
                )
                if float_compare(qty, 0, precision_rounding=rounding) <= 0:
                    continue
                if float_compare(qty, wanted, precision_rounding=rounding) > 0:
                    keep = product.uom_id._compute_quantity(
                        wanted, line.product_uom_id, round=False
                    )
                    rest = line.quantity - keep
                    line.quantity = keep
                    line.copy({"quantity": rest, "move_id": line.move_id.id})
                    qty = wanted
                result |= line
                wanted -= qty
            if float_compare(wanted, 0, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(picking)s: not enough %(product)s reserved to fill the "
                        "suggested boxes. Check availability first.",
                        picking=self.name,
                        product=product.display_name,
                    )
                )
        return result

    # Batch printing: data for slips, labels and the pick list ---------------------

    def _oms_sender_address(self):
        self.ensure_one()
        partner = (
            self.picking_type_id.warehouse_id.partner_id or self.company_id.partner_id
        )
        return _address(partner, partner.name or self.company_id.name)

    def _oms_parcels(self, suggestion=None):
        """[(box name, gross weight)] of the parcels: the packages, else the
        suggested boxes, else one parcel with the whole delivery."""
        self.ensure_one()
        packages = self.move_line_ids.result_package_id
        if packages:
            return [
                (
                    package.package_type_id.name or package.name,
                    package.shipping_weight or package.sudo().weight,
                )
                for package in packages
            ]
        if self.oms_box_ids:
            return [(box.package_type_id.name, box.weight) for box in self.oms_box_ids]
        if suggestion is not None and suggestion.boxes:
            names = dict(
                self.env["stock.package.type"]
                .browse([box.box_type.key for box in suggestion.boxes])
                .mapped(lambda t: (t.id, t.name))
            )
            return [(names[box.box_type.key], box.weight) for box in suggestion.boxes]
        return [("", self.shipping_weight or self.weight)]

    def _oms_shipping_labels(self, suggestion=None):
        """One :class:`~oms_domain.labels.ShippingLabel` per parcel."""
        self.ensure_one()
        parcels = self._oms_parcels(suggestion)
        tracking_url = self.carrier_tracking_url or ""
        if tracking_url.startswith("["):  # several parcels tracked: a JSON list
            tracking_url = ""
        common = {
            "reference": self.name,
            "carrier": self.carrier_id.name or "",
            "sender": self._oms_sender_address(),
            "recipient": _address(self.partner_id),
            "tracking_ref": self.carrier_tracking_ref or "",
            "tracking_url": tracking_url,
            "weight_uom": self.weight_uom_name or "",
            "order_ref": self._oms_order_reference(),
            "parcels": len(parcels),
        }
        return [
            ShippingLabel(**common, box=box, weight=weight or 0.0, parcel=number)
            for number, (box, weight) in enumerate(parcels, start=1)
        ]

    def _oms_order_reference(self):
        self.ensure_one()
        order = self.sale_id
        if order.channel_order_ref:
            return "%s (%s)" % (order.channel_order_ref, order.name)
        return order.name or self.origin or ""

    def _oms_packing_slip(self, suggestion=None):
        """The :class:`~oms_domain.labels.PackingSlip`, texts in the env's
        language."""
        self.ensure_one()
        lines = [
            SlipLine(
                move.product_id.display_name,
                move.product_id.default_code or "",
                move.product_uom_qty,
                move.quantity,
                move.product_uom.name,
            )
            for move in self.move_ids
            if move.state != "cancel"
        ]
        return PackingSlip(
            reference=self.name,
            order_ref=self._oms_order_reference(),
            date=format_date(self.env, self.scheduled_date, lang_code=self.env.lang),
            recipient=_address(self.partner_id),
            sender=self._oms_sender_address(),
            lines=lines,
            channel=self.oms_channel_id.name or "",
            boxes=[box for box, _weight in self._oms_parcels(suggestion) if box],
        )

    def action_oms_print_fulfilment(self):
        return self.env.ref(
            "oms_multichannel.action_report_oms_fulfilment"
        ).report_action(self, config=False)


def _address(partner, name=None):
    """The partner's postal address as a :class:`~oms_domain.labels.Address`."""
    partner = partner.sudo()
    return Address(
        name=name or partner.name or partner.parent_id.name or "",
        street=partner.street or "",
        street2=partner.street2 or "",
        city=partner.city or "",
        zip=partner.zip or "",
        state=partner.state_id.name or "",
        country=partner.country_id.name or "",
        country_code=partner.country_id.code or "",
        zip_required=bool(partner.country_id.zip_required),
        phone=partner.phone or partner.mobile or "",
    )
