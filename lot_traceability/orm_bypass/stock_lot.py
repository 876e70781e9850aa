# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from .check_company import check_company_in_batch, checks_as_base
from .unchecked_link import unlink_with_unchecked_links


# A second class of the model on purpose: the ORM bypass stays in this package (see __init__).
class StockLot(models.Model):
    """The lots' side of the ORM bypass (:mod:`..orm_bypass`): the batched company check; the
    recall snapshot's links to deleted lots emptied (:mod:`.unchecked_link`)."""

    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    def _check_company(self, fnames=None):
        """Odoo's check, once per company and field for all lots (see
        :mod:`.check_company`): a bulk add creates thousands of lots at once."""
        if (
            len(self) > 1
            and checks_as_base(self, StockLot)
            and check_company_in_batch(self, fnames)
        ):
            return None
        return super()._check_company(fnames)

    def unlink(self):
        return unlink_with_unchecked_links(self, super().unlink)
