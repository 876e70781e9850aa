# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The module's ORM bypass, fenced: everything that stores records otherwise than through
the ORM's ``create``/``flush``/``_check_company`` lives in this package, behind one switch.

* :mod:`.sql_create` — ``sql_create`` / ``sql_create_by_keys`` (one INSERT storing what
  ``create`` stores) and ``flush_uniform`` (one UPDATE per combination of dirty values);
* :mod:`.new_quant_buffer` — the quants of a bulk receipt's new lots, created in one batch;
* :mod:`.check_company` — Odoo's company consistency check, once per company and field;
* :mod:`.stock_quant`, :mod:`.stock_lot`, :mod:`.stock_move_line` — the model overrides
  that use them (the quant buffer's hooks, the batched ``_check_company``, the batch
  functions of stored computed fields).

Callers: the bulk add wizard (``wizards/stock_lot_bulk_add.py``: lots, move lines, quants,
flush of the receipt) and the recall snapshot (``models/stock_lot_recall_snapshot.py``).

Each helper declines (returns ``None``/``False``, the caller then takes the ORM) when it
cannot do exactly what the ORM does, and always when the system parameter
``lot_traceability.orm_only`` (:data:`.switch.ORM_ONLY_PARAM`) is set to a true value:
then every caller runs the plain ORM path. ``tests/test_orm_bypass.py`` runs a bulk receipt
and a recall snapshot both ways and compares every stored row."""

from . import stock_lot
from . import stock_move_line
from . import stock_quant
