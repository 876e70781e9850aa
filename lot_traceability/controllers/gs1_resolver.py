# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""GS1 Digital Link resolver: what a phone shows when it scans the QR code of a lot's label.

``/01/<GTIN>[/22/<CPV>][/10/<lot>][/21/<serial>][?17=YYMMDD&…]`` is answered without login with
the product's name, the lot or serial number, its production and expiry dates and, for a
recalled lot, a "recalled — do not use" notice; nothing else about the lot (no customers,
suppliers, quantities, locations). A logged-in internal user who may read the lot is taken to
its form instead.
"""

from urllib.parse import urlsplit

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import format_date

LOT_FORM_URL = "/odoo/action-stock.action_production_lot_form/%s"


class Gs1DigitalLinkResolver(http.Controller):
    @http.route(
        ["/01/<path:rest>"],
        type="http",
        methods=["GET"],
        auth="public",
        website=False,
        readonly=True,
        sitemap=False,
    )
    def gs1_digital_link(self, rest=None, **kwargs):
        try:
            gs1 = self._parse_digital_link()
        except UserError:
            return self._render(400)
        lot_name = gs1["serial"] or gs1["lot"]
        lots = self._find_lots(gs1["gtin"], lot_name) if lot_name else request.env["stock.lot"]
        if not lots:
            return self._render(404)
        if request.env.user._is_internal():
            readable = lots.with_env(request.env)._filtered_access("read")
            if readable:
                response = request.redirect(LOT_FORM_URL % readable[0].id)
                response.headers["Cache-Control"] = "no-store"
                return response
        return self._render(200, self._prepare_lot_values(lots, lot_name))

    def _parse_digital_link(self):
        """The GS1 values of the requested URI (``barcode.nomenclature._gs1_elements_to_values``),
        read by the module's GS1 parser from the raw request URI: the WSGI path is already
        percent-decoded, which would split a lot such as ``L24%2F07-A`` in two."""
        httprequest = request.httprequest
        raw = httprequest.environ.get("REQUEST_URI") or httprequest.environ.get("RAW_URI")
        if raw:
            parts = urlsplit(raw)
            path, query = parts.path, parts.query
        else:
            path, query = httprequest.path, httprequest.query_string.decode("latin1")
        uri = httprequest.host_url.rstrip("/") + path + (f"?{query}" if query else "")
        nomenclature = request.env["barcode.nomenclature"].sudo()
        values = nomenclature._parse_gs1_traceability(uri)
        if not values or not values[0]["gtin"]:
            raise UserError(request.env._("Not a GS1 Digital Link of a trade item."))
        return values[0]

    def _find_lots(self, gtin, lot_name):
        """Every lot named ``lot_name`` of a product (or packaging) whose barcode is ``gtin``,
        in every company, archived products included (a recalled product is often archived)."""
        env = request.env(su=True)
        variants = env["barcode.nomenclature"]._gs1_gtin_barcode_variants(gtin)
        products = (
            env["product.product"]
            .with_context(active_test=False)
            .search([("barcode", "in", variants)])
        )
        products |= (
            env["product.packaging"]
            .with_context(active_test=False)
            .search([("barcode", "in", variants)])
            .product_id
        )
        if not products:
            return env["stock.lot"]
        return env["stock.lot"].search(
            [("name", "=", lot_name), ("product_id", "in", products.ids)], order="id"
        )

    def _prepare_lot_values(self, lots, lot_name):
        """What the public page shows, and nothing more: the product's name (without internal
        reference), the lot or serial number, the production and expiry dates (only when every
        matching lot has the same) and whether any matching lot is recalled."""
        env = request.env
        labels = env["stock.lot.label"].sudo()
        names = {
            lot.product_id.with_context(display_default_code=False).display_name for lot in lots
        }
        dates = {labels._get_lot_dates(lot) for lot in lots}
        production, expiration = dates.pop() if len(dates) == 1 else (False, False)
        serial = all(lot.product_id.tracking == "serial" for lot in lots)
        return {
            "product_name": ", ".join(sorted(names)),
            "lot_name": lot_name,
            "lot_label": env._("Serial number") if serial else env._("Lot"),
            "production_date": production and format_date(env, production),
            "expiration_date": expiration and format_date(env, expiration),
            "recalled": any(lot.trace_status == "recalled" for lot in lots),
        }

    def _render(self, status, values=None):
        response = request.render(
            "lot_traceability.gs1_resolver_page",
            dict(values or {}, status=status, lang=(request.env.lang or "en_US").replace("_", "-")),
            status=status,
        )
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Robots-Tag"] = "noindex"
        return response
