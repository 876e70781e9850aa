# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.addons.stock.models.stock_quant import StockQuant as StockQuantBase
from odoo.tools import float_is_zero

from .sql_create import sql_create
from .switch import orm_only


class NewQuantBuffer:
    """Collects the quants of lots that have no quant yet while their receipt is done, so
    that they are created in one batch afterwards (see ``stock.quant._update_available_quantity``
    of this module). Only quantities of the lots given at construction are collected: being
    new, they have no quant anywhere, so adding up per (product, location, lot, package,
    owner) gives exactly the quants Odoo would have created one by one.

    When the system parameter ``lot_traceability.orm_only`` is set, the buffer accepts
    nothing and remembers nothing: Odoo creates and reads the quants as without it."""

    def __init__(self, env, lots):
        self.env = env
        self.active = not orm_only(env)
        self.lot_ids = set(lots.ids) if self.active else set()
        self.vals_by_key = {}
        self.untracked_by_key = {}

    def accepts(self, quantity, reserved_quantity, lot):
        return bool(quantity) and not reserved_quantity and bool(lot) and lot.id in self.lot_ids

    def add(self, product, location, quantity, lot, package=None, owner=None, in_date=None):
        """Record ``quantity`` of ``lot``; return what ``_update_available_quantity`` returns:
        the quantity now available for that key and its incoming date."""
        key = (product.id, location.id, lot.id, package.id if package else False)
        key += (owner.id if owner else False,)
        in_date = in_date or fields.Datetime.now()
        vals = self.vals_by_key.get(key)
        if vals:
            vals["quantity"] += quantity
            vals["in_date"] = min(vals["in_date"], in_date)
        else:
            vals = self.vals_by_key[key] = {
                "product_id": key[0],
                "location_id": key[1],
                "lot_id": key[2],
                "package_id": key[3],
                "owner_id": key[4],
                "quantity": quantity,
                "in_date": in_date,
            }
        return vals["quantity"], vals["in_date"]

    def untracked_quantity(self, key, compute):
        """The untracked available quantity for ``key`` (product, location, package, owner,
        allow_negative ids), computed by ``compute`` the first time it is asked for since the
        quants last changed (:meth:`forget_untracked`). The buffered quantities are of lots,
        they do not change it."""
        if not self.active:
            return compute()
        if key not in self.untracked_by_key:
            self.untracked_by_key[key] = compute()
        return self.untracked_by_key[key]

    def forget_untracked(self):
        """A quant changed otherwise than in the buffer: untracked quantities are read again."""
        self.untracked_by_key.clear()

    def create_quants(self):
        """Create the collected quants in one batch and return them.

        ``stock``'s ``create()`` creates quants one ``vals`` at a time for the sake of its
        inventory mode (merging an inventory count into an existing quant); outside inventory
        mode it adds nothing but a ``quants_cache`` entry, unused here. New lots have no quant
        to merge into, so the quants are inserted as ``BaseModel.create`` would store them, with
        one SQL INSERT (:func:`.sql_create.sql_create`), or if it declines with the ORM
        ``create`` of the whole batch: every override of ``stock.quant.create`` runs then
        (another module's, an automated action's), which is why it declined."""
        Quant = self.env["stock.quant"].sudo().with_context(inventory_mode=False)
        vals_list = []
        for vals in self.vals_by_key.values():
            rounding = self.env["product.product"].browse(vals["product_id"]).uom_id.rounding
            if not float_is_zero(vals["quantity"], precision_rounding=rounding):
                vals_list.append(vals)
        self.vals_by_key = {}
        Quant.flush_model()
        quants = sql_create(
            Quant, vals_list, Quant._get_sql_create_handlers(), skip_classes=(StockQuantBase,)
        )
        if quants is None:
            quants = Quant.create(vals_list)
        return quants
