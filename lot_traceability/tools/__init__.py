# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Plain helpers shared by the models, wizards and reports of the module:

- :mod:`.numeric`: every number a user types, pastes, scans or imports is checked here.
- :mod:`.xlsx_writer`: every XLSX export (recall, trace, later FSMA) is written by it.
- :mod:`.gs1_symbols`: the GS1 DataMatrix and QR symbols of the labels (images, SVG, ZPL dots).
"""
