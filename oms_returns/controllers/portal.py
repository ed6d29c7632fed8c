# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ReturnPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "oms_return_count" in counters:
            returns = request.env["oms.return"]
            values["oms_return_count"] = (
                returns.search_count(self._prepare_oms_returns_domain())
                if returns.has_access("read")
                else 0
            )
        return values

    def _prepare_oms_returns_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("commercial_partner_id", "=", partner.id)]

    @http.route(
        ["/my/returns", "/my/returns/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_returns(self, page=1, **kw):
        returns = request.env["oms.return"]
        domain = self._prepare_oms_returns_domain()
        pager = portal_pager(
            url="/my/returns",
            total=returns.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "oms_returns": returns.search(
                    domain, limit=self._items_per_page, offset=pager["offset"]
                ),
                "pager": pager,
                "page_name": "oms_return",
                "default_url": "/my/returns",
            }
        )
        return request.render("oms_returns.portal_my_returns", values)

    @http.route(
        ["/my/returns/<int:return_id>"], type="http", auth="public", website=True
    )
    def portal_my_return(self, return_id, access_token=None, **kw):
        try:
            return_sudo = self._document_check_access(
                "oms.return", return_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            return_sudo,
            access_token,
            {"oms_return": return_sudo, "page_name": "oms_return"},
            "my_returns_history",
            False,
        )
        return request.render("oms_returns.portal_my_return", values)

    @http.route(
        ["/my/orders/<int:order_id>/return"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_order_return(self, order_id, **post):
        order = request.env["sale.order"].browse(order_id)
        customer = request.env.user.partner_id.commercial_partner_id
        try:
            order.check_access("read")
            if order.partner_id.commercial_partner_id != customer:
                raise AccessError(request.env._("Not your order."))
        except (AccessError, MissingError):
            return request.redirect("/my")
        error = None
        if request.httprequest.method == "POST":
            try:
                ret = request.env["oms.return"]._portal_request_return(
                    order,
                    self._oms_parse_quantities(post),
                    request.env["oms.return.reason"].browse(
                        self._oms_parse_int(post.get("reason_id"))
                    ),
                    (post.get("comment") or "").strip(),
                )
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                return request.redirect(ret.get_portal_url())
        order_sudo = order.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "sale_order": order_sudo,
                "returnable_lines": order_sudo._oms_portal_returnable_lines(),
                "reasons": request.env["oms.return.reason"].search(
                    [
                        ("portal_visible", "=", True),
                        ("company_id", "in", (False, order_sudo.company_id.id)),
                    ]
                ),
                "error": error,
                "post": post,
                "page_name": "oms_return",
            }
        )
        return request.render("oms_returns.portal_order_return", values)

    @staticmethod
    def _oms_parse_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    @staticmethod
    def _oms_parse_quantities(post):
        quantities = {}
        for key, value in post.items():
            if not key.startswith("qty_"):
                continue
            try:
                line_id, quantity = int(key[4:]), float(value or 0)
            except ValueError:
                continue
            if quantity > 0:
                quantities[line_id] = quantity
        return quantities
