# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common_build import BuildCommon


@tagged("post_install", "-at_install")
class TestCameraScanErrors(HttpCase, BuildCommon):
    """A failing camera scan (the scanner screen's, the build wizard's) shows its error as a
    warning, as Odoo's barcode scanner button does; the tours fail on an uncaught rejection."""

    def setUp(self):
        super().setUp()
        self.trace_user.password = "trace_user"

    def test_scanner_camera_error_is_shown(self):
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_camera_scanner_tour",
            login="trace_user",
        )

    def test_build_camera_error_is_shown(self):
        self.start_tour(
            f"/odoo/action-lot_traceability.mrp_bom_composition_action/{self.bom_assembly.id}",
            "lot_traceability_camera_build_tour",
            login="trace_user",
        )
