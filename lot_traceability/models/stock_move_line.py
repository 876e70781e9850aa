# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare
from odoo.tools.sql import column_exists, create_column

#: The genealogy links of move lines: Odoo's ``stock_move_line_consume_rel`` (read backwards:
#: ``consume_line_ids`` of a finished line are the component lines it was made of).
GENEALOGY_LINK_FIELDS = ("consume_line_ids", "produce_line_ids")
#: Context key under which the operations that make genealogy links (manufacturing, unbuild,
#: split, merge, build) change links of done lines; its value is :data:`GENEALOGY_OPERATION`,
#: an object that no RPC context can carry (see :func:`with_genealogy_operation`).
GENEALOGY_OPERATION_KEY = "lot_traceability_genealogy_operation"
GENEALOGY_OPERATION = object()
#: Fields of a done line whose edit moves stock again (Odoo 18 updates the quants).
DONE_EDIT_FIELDS = ("lot_id", "quantity", "product_uom_id", "location_id", "location_dest_id")


def with_genealogy_operation(records):
    """``records`` in the context of an operation that makes genealogy links: the links of
    done lines it writes are neither refused nor traced."""
    return records.with_context(**{GENEALOGY_OPERATION_KEY: GENEALOGY_OPERATION})


def is_genealogy_operation(env):
    return env.context.get(GENEALOGY_OPERATION_KEY) is GENEALOGY_OPERATION


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # genealogy: a delivery line's address, stored (Odoo computes it on the fly) so that the
    # recall reads it from the lines' index (stock_move_line_done_lot_cover_index) instead of
    # looking up each delivery's transfer; precomputed: written by the line's INSERT, not by
    # an UPDATE after it
    picking_partner_id = fields.Many2one(
        related="picking_id.partner_id", store=True, precompute=True
    )

    def _auto_init(self):
        self._init_picking_partner_column()
        return super()._auto_init()

    @api.model
    def _init_picking_partner_column(self):
        """Create and fill ``picking_partner_id`` with one UPDATE when the module is installed,
        instead of the ORM recomputing it line by line (a million lines)."""
        cr = self.env.cr
        if not column_exists(cr, self._table, "picking_partner_id"):
            create_column(cr, self._table, "picking_partner_id", "int4")
            # The index including the column is built BEFORE the column is filled. An UPDATE of
            # columns no index covers is HOT (the new row versions are not indexed), and an
            # index built after it in the same transaction finds these chains broken: PostgreSQL
            # then flags it (pg_index.indcheckxmin) and the planner ignores it in any
            # transaction that began while the install, or a writing transaction older than
            # the install, was still running, in any database of the server (a long cron job,
            # another install): plans that depend on luck. Indexed first, the UPDATE cannot be
            # HOT, so no index built later by the install (the open lines' one) finds a broken
            # chain.
            self._create_done_lot_cover_index()
            cr.execute(
                SQL(
                    """
                    UPDATE stock_move_line line SET picking_partner_id = picking.partner_id
                      FROM stock_picking picking
                     WHERE picking.id = line.picking_id AND picking.partner_id IS NOT NULL
                    """
                )
            )
            # the new column has no statistics (autovacuum may be off): ANALYZE it alone
            cr.execute(SQL("ANALYZE stock_move_line (picking_partner_id)"))

    @api.model
    def _drop_picking_partner_column(self):
        """Drop the column of ``picking_partner_id`` (module uninstall): Odoo computes the
        field on the fly, and a reinstall must fill the column again (``_auto_init``)."""
        self.env.cr.execute(
            SQL("ALTER TABLE stock_move_line DROP COLUMN IF EXISTS picking_partner_id")
        )

    def init(self):
        result = super().init()
        self._create_done_lot_cover_index()
        return result

    @api.model
    def _create_done_lot_cover_index(self):
        """Odoo has no index on lot_id. Every delivery lookup of the genealogy (and the walk's
        unbuild links) reads the done lines of a lot, filtered on their locations: the
        locations are in the index, so lines that are not deliveries are skipped in the
        index. The columns a delivery reads are included, its address too: an index-only
        scan, no line nor transfer is read from its table. Dropped at uninstall with the
        genealogy's other indexes (GENEALOGY_INDEXES)."""
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS stock_move_line_done_lot_cover_index
                    ON stock_move_line (lot_id, location_id, location_dest_id, id)
                    INCLUDE (picking_id, picking_partner_id, move_id, product_id, company_id,
                             date, quantity_product_uom)
                 WHERE state = 'done' AND lot_id IS NOT NULL
                """
            )
        )

    # lots and serials: lot status enforcement, supplier of received lots
    @api.onchange("lot_id")
    def _onchange_lot_id_trace_status(self):
        operation = self._get_trace_status_operation()
        message = operation and self.lot_id._get_trace_status_refusal(operation)
        if message:
            return {"warning": {"title": self.env._("Lot on hold"), "message": message}}

    def _get_trace_status_operation(self, location_dest=None, location=None):
        """What doing this line does with its lot that a lot on hold may not undergo, as the
        words completing "Lot X cannot be …"; False when the line may move a lot on hold
        (internal moves, scrap, returns from customers, unbuild, inventory adjustments).
        ``location_dest`` / ``location``: the destination / source the line would have (an
        edit not written yet). The line's kind is the classifier's (stock_move_line_kind)."""
        self.ensure_one()
        location_dest = location_dest if location_dest is not None else self.location_dest_id
        location = location if location is not None else self.location_id
        kind = self._traceability_kind_of(location, location_dest)
        # a dropship (from a supplier straight to a customer) is a receipt to the classifier,
        # and a delivery all the same: a lot on hold is not dropshipped either
        if kind == "delivery" or location_dest.usage == "customer":
            return self.env._("delivered to a customer")
        if kind in ("consumption", "transformation") and not self.move_id.unbuild_id:
            return self.env._("consumed in manufacturing")
        return False

    def _check_trace_status(self):
        """Raise a UserError naming the lot, its status and reason when a line of self would
        deliver or consume a lot that is not available. Reusable by any wizard that moves
        lots."""
        for line in self:
            if (
                line.lot_id
                and line.lot_id.trace_status != "available"
                and float_compare(line.quantity, 0, precision_rounding=line.product_uom_id.rounding)
                > 0
            ):
                operation = line._get_trace_status_operation()
                if operation:
                    line.lot_id._check_trace_status_available(operation)

    def _action_done(self):
        self._check_trace_status()
        self._check_trace_status_inventory_loss()
        res = super()._action_done()
        # release on receipt: lots received from a supplier may await their release (the
        # lines are done; their move is marked done after them)
        done = self.exists().filtered("lot_id")
        kinds = done._traceability_kind()
        received = done.filtered(lambda line: kinds[line] == "receipt")
        received.lot_id._quarantine_on_receipt()
        return res

    def _check_trace_status_inventory_loss(self):
        """Writing off a lot on hold by an inventory adjustment (counted less than on hand) is
        a Traceability manager's action: the quantity leaves the lot without a link to where
        it went (the recall's mass balance shows it as an inventory loss). Scrap stays
        allowed."""
        if self.env.su or self.env.user.has_group("lot_traceability.group_traceability_manager"):
            return
        kinds = self._traceability_kind()
        for line in self:
            if (
                line.lot_id.trace_status not in (False, "available")
                and line.move_id.is_inventory
                and kinds[line] == "inventory"
                and self._traceability_stock_direction_of(line.location_id, line.location_dest_id)
                == "out"
                and float_compare(line.quantity, 0, precision_rounding=line.product_uom_id.rounding)
                > 0
            ):
                raise AccessError(
                    line.lot_id._get_trace_status_refusal(
                        self.env._(
                            "written off by an inventory adjustment except by a Traceability"
                            " manager"
                        )
                    )
                )

    # lots and serials: edits of done lines (Odoo 18 allows them and moves the stock again)
    @api.model_create_multi
    def create(self, vals_list):
        # refused before anything is written, like the edit of a done line (see write)
        self._check_trace_status_create_ahead(vals_list)
        corrected = not is_genealogy_operation(self.env) and self._check_genealogy_link_create(
            vals_list
        )
        # Odoo (mrp) links a line added to a done manufacturing order to its finished lines: an
        # operation that makes links
        lines = super(StockMoveLine, with_genealogy_operation(self)).create(vals_list)
        lines = lines.with_env(self.env)
        if corrected:
            lines._post_genealogy_link_messages(set(), lines._get_genealogy_link_pairs())
        done = lines.filtered(lambda line: line.state == "done")
        if done:
            done._check_trace_status_becoming_done()
            for line in done.filtered("lot_id"):
                line._post_done_edit_message(
                    self.env._("Line added to a done operation"),
                    [
                        (self.env._("Lot"), "", line.lot_id.display_name),
                        (self.env._("Quantity"), "", line._format_done_quantity()),
                    ],
                )
        return lines

    def write(self, vals):
        links_before = None
        if any(fname in vals for fname in GENEALOGY_LINK_FIELDS) and not is_genealogy_operation(
            self.env
        ):
            links_before = self._get_genealogy_link_pairs()
        edited = self.browse()
        if any(fname in vals for fname in DONE_EDIT_FIELDS):
            edited = self.filtered(lambda line: line.state == "done")
        before = {line: line._get_done_edit_values() for line in edited}
        if edited:
            # refused before anything is written: modules loaded before this one (stock_account's
            # valuation of the edit) would otherwise answer first, with their own error
            edited._check_trace_status_done_edit_ahead(vals, before)
        not_done = self.browse()
        if "move_id" in vals or "state" in vals:
            not_done = self.filtered(lambda line: line.state != "done")
        result = super().write(vals)
        if edited:
            edited._check_trace_status_done_edit(before)
        if not_done:
            not_done._check_trace_status_becoming_done()
        if links_before is not None:
            self._check_genealogy_link_change(links_before)
        return result

    @api.model
    def _check_trace_status_create_ahead(self, vals_list):
        """Refuse, before anything is written, a line created on a done move that would
        deliver or consume a lot on hold (``_check_trace_status_becoming_done`` checks the
        created lines again)."""
        for vals in vals_list:
            if not (vals.get("lot_id") and vals.get("move_id")):
                continue
            lot = self.env["stock.lot"].browse(vals["lot_id"])
            move = self.env["stock.move"].browse(vals["move_id"])
            if lot.trace_status in (False, "available") or move.state != "done":
                continue
            if float_compare(vals.get("quantity", 0.0), 0.0, precision_digits=6) <= 0:
                continue
            line = self.new({"move_id": move.id})
            Location = self.env["stock.location"]
            location_dest = (
                Location.browse(vals["location_dest_id"])
                if vals.get("location_dest_id")
                else move.location_dest_id
            )
            location = (
                Location.browse(vals["location_id"])
                if vals.get("location_id")
                else move.location_id
            )
            operation = line._get_trace_status_operation(location_dest, location)
            if operation:
                lot._check_trace_status_available(operation)

    def _check_trace_status_becoming_done(self):
        """The lines of self that are done now (written to a done move, or their move written
        done) are checked like lines done by ``_action_done``."""
        held = self.lot_id.filtered(lambda lot: lot.trace_status != "available")
        if not held:
            return
        done = self.filtered(lambda line: line.state == "done" and line.lot_id in held)
        done._check_trace_status()
        done._check_trace_status_inventory_loss()

    def _get_done_edit_values(self):
        """What an edit of a done line may change about the lot it moves, for the hold check
        and the chatter."""
        self.ensure_one()
        return {
            "lot": self.lot_id,
            "quantity": self.quantity_product_uom,
            "display_quantity": self._format_done_quantity(),
            "operation": self._get_trace_status_operation(),
            "locations": (self.location_id.display_name, self.location_dest_id.display_name),
        }

    def _format_done_quantity(self):
        self.ensure_one()
        return f"{self.quantity:g} {self.product_uom_id.name}"

    def _check_trace_status_done_edit_ahead(self, vals, before):
        """Refuse the edit ``vals`` of done lines before it is written, as
        ``_check_trace_status_done_edit`` does after: the lot, destination and quantity each
        line would have are read from ``vals``."""
        Lot = self.env["stock.lot"]
        Location = self.env["stock.location"]
        Uom = self.env["uom.uom"]
        for line in self:
            lot = Lot.browse(vals["lot_id"]) if "lot_id" in vals else line.lot_id
            if lot.trace_status in (False, "available"):
                continue
            location_dest = (
                Location.browse(vals["location_dest_id"])
                if "location_dest_id" in vals
                else line.location_dest_id
            )
            location = (
                Location.browse(vals["location_id"]) if "location_id" in vals else line.location_id
            )
            uom = (
                Uom.browse(vals["product_uom_id"])
                if "product_uom_id" in vals
                else line.product_uom_id
            )
            quantity = uom._compute_quantity(
                vals.get("quantity", line.quantity), line.product_id.uom_id, round=False
            )
            line._check_trace_status_done_edit_refused(
                before[line],
                lot,
                line._get_trace_status_operation(location_dest, location),
                quantity,
            )

    def _check_trace_status_done_edit_refused(self, old, lot, operation, quantity):
        """Refuse a done line that delivers or consumes (``operation``) more of ``lot``, on
        hold, than before (``old``: ``_get_done_edit_values``): another lot, another
        destination or a higher ``quantity`` (in the product's unit)."""
        self.ensure_one()
        if (
            lot.trace_status not in (False, "available")
            and operation
            and (
                lot != old["lot"]
                or not old["operation"]
                or float_compare(
                    quantity, old["quantity"], precision_rounding=self.product_id.uom_id.rounding
                )
                > 0
            )
        ):
            lot._check_trace_status_available(operation)

    def _check_trace_status_done_edit(self, before):
        """After an edit of done lines (``before``: their values from
        ``_get_done_edit_values``), refuse one that delivers or consumes more of a lot on hold
        than before (another lot, another destination or a higher quantity), and write the
        edit of a line moving a lot in the chatter of its document. Lowering the quantity of a
        lot on hold, or taking it off the line, stays allowed: it puts stock back."""
        for line in self:
            old = before[line]
            lot = line.lot_id
            line._check_trace_status_done_edit_refused(
                old, lot, line._get_trace_status_operation(), line.quantity_product_uom
            )
            if not (lot or old["lot"]):
                continue
            changes = []
            if lot != old["lot"]:
                changes.append(
                    (self.env._("Lot"), old["lot"].display_name or "", lot.display_name or "")
                )
            quantity = line._format_done_quantity()
            if quantity != old["display_quantity"]:
                changes.append((self.env._("Quantity"), old["display_quantity"], quantity))
            locations = (line.location_id.display_name, line.location_dest_id.display_name)
            if locations != old["locations"]:
                changes.append((self.env._("From"), old["locations"][0], locations[0]))
                changes.append((self.env._("To"), old["locations"][1], locations[1]))
            if changes:
                line._post_done_edit_message(self.env._("Done line edited"), changes)

    def _get_trace_document(self):
        """The record whose chatter tells what happened to this line: its transfer,
        manufacturing or unbuild order, else its lot."""
        self.ensure_one()
        move = self.move_id
        return (
            self.picking_id
            or move.raw_material_production_id
            or move.production_id
            or move.unbuild_id
            or move.consume_unbuild_id
            or self.lot_id
        )

    def _post_done_edit_message(self, title, changes):
        """Post ``changes`` (label, before, after) of this done line in the chatter of its
        document, as the user who made them."""
        self.ensure_one()
        document = self._get_trace_document()
        if not document:
            return
        body = Markup("<p>%s: %s %s</p><ul>%s</ul>") % (
            title,
            self.product_id.display_name,
            self.lot_id.display_name or "",
            Markup().join(
                Markup("<li>%s: %s \u2192 %s</li>") % (label, old or "-", new or "-")
                for label, old, new in changes
            ),
        )
        document.sudo().message_post(
            body=body, author_id=self.env.user.partner_id.id, subtype_xmlid="mail.mt_note"
        )

    # genealogy: links of done lines change only through the operations that make them
    def _get_genealogy_link_pairs(self):
        """The genealogy links of self as pairs (finished line id, component line id)."""
        pairs = set()
        for line in self:
            pairs.update((line.id, component.id) for component in line.consume_line_ids)
            pairs.update((finished.id, line.id) for finished in line.produce_line_ids)
        return pairs

    def _check_genealogy_link_create(self, vals_list):
        """A new line may come with links (Odoo's repair does so) unless it is done or links
        done lines: those links are made by the operations, or corrected by a manager."""
        linked_ids = set()
        moves = self.env["stock.move"]
        for vals in vals_list:
            if not any(vals.get(fname) for fname in GENEALOGY_LINK_FIELDS):
                continue
            for fname in GENEALOGY_LINK_FIELDS:
                for command in vals.get(fname) or ():
                    if command[0] == 6:
                        linked_ids.update(command[2])
                    elif command[0] == 4:
                        linked_ids.add(command[1])
            moves |= moves.browse(vals.get("move_id"))
        if not linked_ids and not moves:
            return False
        linked = self.browse(linked_ids)
        if "done" in moves.mapped("state") or "done" in linked.mapped("state"):
            self._check_genealogy_link_correction(linked)
            return True
        return False

    def _check_genealogy_link_change(self, links_before):
        """After a write of links outside the operations that make them: refuse a change of
        the links of done lines, unless a Traceability manager made it (a correction, written
        in the chatter of the documents)."""
        links_after = self._get_genealogy_link_pairs()
        removed, added = links_before - links_after, links_after - links_before
        if not (removed or added):
            return
        touched = self.browse({line_id for pair in removed | added for line_id in pair})
        if "done" not in touched.mapped("state"):
            return
        self._check_genealogy_link_correction(touched)
        self._post_genealogy_link_messages(removed, added)

    def _post_genealogy_link_messages(self, removed, added):
        """Write the links ``removed`` and ``added`` (pairs of line ids, see
        ``_get_genealogy_link_pairs``) by a correction in the chatter of the documents of
        both lines of each link."""
        messages = {}
        for pairs, change in ((removed, self.env._("removed")), (added, self.env._("added"))):
            for finished_id, component_id in sorted(pairs):
                finished, component = self.browse(finished_id), self.browse(component_id)
                text = self.env._(
                    "Genealogy link %(change)s by a correction: %(finished)s made of %(component)s",
                    change=change,
                    finished=finished._get_trace_label(),
                    component=component._get_trace_label(),
                )
                for line in finished | component:
                    messages.setdefault(line._get_trace_document(), []).append(text)
        for document, texts in messages.items():
            if document:
                document.sudo().message_post(
                    body=Markup("<ul>%s</ul>")
                    % Markup().join(Markup("<li>%s</li>") % text for text in dict.fromkeys(texts)),
                    author_id=self.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )

    def _get_trace_label(self):
        """Product, lot and quantity of this line, as the chatter names it."""
        self.ensure_one()
        return " ".join(
            part
            for part in (
                self.product_id.display_name,
                self.lot_id.name or "",
                f"({self._format_done_quantity()})",
            )
            if part
        )

    def _check_genealogy_link_correction(self, lines):
        if self.env.su or self.env.user.has_group("lot_traceability.group_traceability_manager"):
            return
        raise UserError(
            self.env._(
                "The genealogy links of done move lines (%(lots)s) are made by manufacturing,"
                " unbuild, split, merge and build only: a Traceability manager can correct them.",
                lots=", ".join(sorted(set(lines.lot_id.mapped("display_name"))))
                or self.env._("no lot"),
            )
        )

    def _link_consumed_lines(self, consumed_lines):
        """Link self (produced lines, done) to ``consumed_lines``: what split and merge do."""
        return with_genealogy_operation(self).write(
            {"consume_line_ids": [(6, 0, consumed_lines.ids)]}
        )

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        picking = self.picking_id or self.move_id.picking_id
        if (
            picking.partner_id
            and picking.picking_type_id.code == "incoming"
            and self._traceability_kind()[self] == "receipt"
        ):
            vals.setdefault("supplier_id", picking.partner_id.commercial_partner_id.id)
        return vals

    # EPCIS import: external lots carry no stock
    @api.constrains("lot_id")
    def _check_external_lot(self):
        external = self.filtered("lot_id.is_external")
        if external:
            raise ValidationError(
                self.env._(
                    "Lot %(lot)s is a lot of %(partner)s's supply chain (known from its EPCIS "
                    "events): it has no stock here and cannot be moved.",
                    lot=external[0].lot_id.display_name,
                    partner=external[0].lot_id.supplier_id.display_name,
                )
            )
