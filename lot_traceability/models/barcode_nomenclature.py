# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one GS1 parser of the module.

Odoo's GS1 nomenclature decomposes GS1-128 element strings greedily, without the human-readable
``(01)…(10)…`` form, GS1 Digital Link URIs, production dates or strings whose scanner dropped the
FNC1 separators. This extension adds them on top of the nomenclature's own rules, so that every
rule (and every rule a user adds) keeps working.
"""

import re
from urllib.parse import unquote, urlsplit

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

FNC1_CHAR = "\x1d"
# AIM symbology identifiers of GS1 symbols (GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR, EAN).
GS1_SYMBOLOGY_IDS = ("]C1", "]e0", "]d2", "]Q3", "]J1")
SYMBOLOGY_ID_RE = re.compile(r"^\][A-Za-z][0-9]")
HUMAN_READABLE_RE = re.compile(r"^\s*(?:\(\d{2,4}\)[^()]*)+$")
HUMAN_READABLE_AI_RE = re.compile(r"\((\d{2,4})\)")
SCAN_MAX_LENGTH = 512
# GS1 Digital Link primary keys and their qualifiers in the only order allowed
# (gs1-syntax-dictionary.txt, "dlpkey=" attributes). 01 also accepts 235 alone.
DL_PRIMARY_KEYS = {
    "00": (),
    "01": ("22", "10", "21"),
    "414": ("254",),
    "8003": (),
    "8004": (),
}
DL_ALTERNATIVE_QUALIFIERS = {"01": ("235",)}
# AIs that may not appear as Digital Link query attributes (keys and qualifiers, no "?" flag).
DL_NOT_ATTRIBUTES = {"00", "01", "21", "22", "235", "254", "414", "8003", "8004"}
# Values returned for the AIs this module uses; other AIs are kept in ``elements``.
GS1_DATE_KEYS = {
    "11": "production_date",
    "13": "pack_date",
    "15": "best_before_date",
    "16": "sell_by_date",
    "17": "expiration_date",
}
# Decomposing a string whose scanner dropped the FNC1 separators can be ambiguous
# (``10LOT17261231`` = lot "LOT17261231" or lot "LOT" + expiry): bound the search.
MAX_DECOMPOSITIONS = 8
MAX_DECOMPOSITION_STEPS = 400


class BarcodeNomenclature(models.Model):
    _inherit = "barcode.nomenclature"

    @api.model
    def _get_traceability_gs1_nomenclature(self):
        """The GS1 nomenclature scans are read with: the company's when it is a GS1 one,
        otherwise Odoo's default GS1 nomenclature."""
        nomenclature = self.env.company.nomenclature_id
        if not nomenclature.is_gs1_nomenclature:
            nomenclature = self.env.ref(
                "barcodes_gs1_nomenclature.default_gs1_nomenclature", raise_if_not_found=False
            )
        if not nomenclature:
            raise UserError(
                self.env._("No GS1 barcode nomenclature is configured: GS1 codes cannot be read.")
            )
        return nomenclature.sudo()

    @api.model
    def _check_traceability_scan(self, code):
        """Refuse what no barcode, label or keyboard can hold (control characters, unencodable
        text, absurd lengths) before it reaches a parser or the database."""
        if len(code) > SCAN_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "The scan is %(length)s characters long (at most %(max)s): "
                    "it is not a lot, serial or GS1 code.",
                    length=len(code),
                    max=SCAN_MAX_LENGTH,
                )
            )
        bad = [char for char in code if (ord(char) < 32 and char != FNC1_CHAR) or ord(char) == 127]
        if bad:
            raise UserError(
                self.env._(
                    "The scan contains control characters (%(chars)s): rescan the label.",
                    chars=", ".join(sorted({f"0x{ord(char):02X}" for char in bad})),
                )
            )
        try:
            code.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UserError(
                self.env._("The scan contains characters that are not text: rescan the label.")
            ) from error

    @api.model
    def _strip_symbology_identifier(self, code):
        """``code`` without its AIM symbology identifier (``]C0``, ``]d2``…), if any."""
        return SYMBOLOGY_ID_RE.sub("", code, count=1)

    @api.model
    def _is_gs1_marked(self, code):
        """True when ``code`` says by itself that it is GS1 data: a GS1 symbology identifier, an
        FNC1/GS character, the human-readable ``(AI)value`` form or an http(s) URI."""
        return bool(
            code.startswith(GS1_SYMBOLOGY_IDS)
            or FNC1_CHAR in code
            or HUMAN_READABLE_RE.match(code)
            or re.match(r"^https?://", self._strip_symbology_identifier(code), re.IGNORECASE)
        )

    @api.model
    def _parse_gs1_traceability(self, code):
        """Parse one scan as GS1 data.

        ``code`` may be a GS1-128 / GS1 DataMatrix / GS1 QR element string (with or without AIM
        symbology identifier such as ``]d2``, with or without FNC1/GS separators), its
        human-readable form ``(01)09521234543213(10)ABC(17)261231``, or a GS1 Digital Link URI
        (``https://<any host>[/prefix]/01/<GTIN>[/22/…][/10/<lot>][/21/<serial>][?17=YYMMDD&…]``).

        Returns a list of decompositions, the most likely first (several only when separators
        were dropped and a variable-length value could end at several places); each one is a
        dict from :meth:`_gs1_elements_to_values`. Returns an empty list when ``code`` is not
        GS1 data and does not claim to be; raises UserError when it claims to be GS1 data (see
        :meth:`_is_gs1_marked`) but is malformed.
        """
        self._check_traceability_scan(code)
        nomenclature = self._get_traceability_gs1_nomenclature()
        marked = self._is_gs1_marked(code)
        symbology = SYMBOLOGY_ID_RE.match(code)
        code = self._strip_symbology_identifier(code)
        if re.match(r"^https?://", code, re.IGNORECASE):
            elements = nomenclature._gs1_digital_link_elements(code)
            return [self._gs1_elements_to_values(elements, digital_link=True)]
        if symbology and symbology.group() not in GS1_SYMBOLOGY_IDS:
            return []  # e.g. ]C0: a plain Code 128, not GS1-128
        if HUMAN_READABLE_RE.match(code):
            code = self._gs1_human_readable_to_element_string(code)
        code = code.strip(FNC1_CHAR)
        errors = []
        decompositions = nomenclature._gs1_decompose_all(code, errors)
        values = []
        for elements in decompositions:
            try:
                values.append(self._gs1_elements_to_values(elements))
            except UserError as error:
                errors.append(error.args[0])
        if not values and marked:
            raise UserError(
                self.env._(
                    "This GS1 code cannot be read: %(reason)s",
                    reason=errors[0]
                    if errors
                    else self.env._("its Application Identifiers are unknown."),
                )
            )
        return values

    @api.model
    def _gs1_human_readable_to_element_string(self, code):
        """``(01)0952…(10)AB 12`` → ``010952…<GS>10AB12``: one FNC1 before each AI."""
        parts = HUMAN_READABLE_AI_RE.split(code.strip())
        # parts = ["", ai, value, ai, value, …]
        pairs = zip(parts[1::2], parts[2::2], strict=True)
        return FNC1_CHAR.join(ai + re.sub(r"\s+", "", value) for ai, value in pairs)

    def _gs1_decompose_all(self, barcode, errors):
        """Every decomposition of an element string into this nomenclature's GS1 rules, the
        greedy one (what the GS1 standard and Odoo read) first, then those where a
        variable-length value not closed by a separator ends earlier. ``errors`` collects
        why rejected elements were rejected (wrong check digit, invalid date…)."""
        self.ensure_one()
        rules = self.rule_ids.filtered(lambda r: r.encoding == "gs1-128")
        separator = re.compile("^(?:%s)" % (self.gs1_separator_fnc1 or FNC1_CHAR))
        found = []
        steps = [0]

        def walk(rest, elements):
            steps[0] += 1
            if len(found) >= MAX_DECOMPOSITIONS or steps[0] > MAX_DECOMPOSITION_STEPS:
                return
            if not rest:
                found.append(elements)
                return
            for rule in rules:
                match = re.match(rule.pattern, rest)
                if not match or len(match.groups()) < 2 or not match.group(2):
                    continue
                ai, value = match.group(1), match.group(2)
                parsed = False
                for length in range(len(value), 0, -1):
                    sub_match = re.fullmatch(rule.pattern, ai + value[:length])
                    if not sub_match:
                        continue
                    element = self._gs1_parse_element(sub_match, rule, errors)
                    if not element:
                        continue
                    after = rest[len(ai) + length :]
                    sep = separator.match(after)
                    if sep and length == len(value):
                        after = after[sep.end() :]
                    parsed = True
                    walk(after, [*elements, element])
                if parsed:
                    return

        walk(barcode, [])
        if not found and barcode and not errors:
            errors.append(
                self.env._("nothing valid could be read from “%(rest)s”.", rest=barcode[:40])
            )
        return found

    def _gs1_parse_element(self, match, rule, errors):
        """Odoo's parse of one element, with its failures collected instead of raised."""
        try:
            element = self.parse_gs1_rule_pattern(match, rule)
        except (ValidationError, ValueError):
            if rule.gs1_content_type == "date":
                reason = self.env._(
                    "the value “%(value)s” of AI (%(ai)s) is not a valid date (YYMMDD).",
                    value=match.group(2),
                    ai=match.group(1),
                )
            else:
                reason = self.env._(
                    "the value “%(value)s” of AI (%(ai)s) is invalid.",
                    value=match.group(2),
                    ai=match.group(1),
                )
            errors.append(reason)
            return None
        if element is None:
            errors.append(
                self.env._(
                    "the value “%(value)s” of AI (%(ai)s) has a wrong check digit or length.",
                    value=match.group(2),
                    ai=match.group(1),
                )
            )
        return element

    def _gs1_digital_link_elements(self, uri):
        """Elements (as :meth:`parse_gs1_rule_pattern` returns them) of an uncompressed GS1
        Digital Link URI; raises UserError when the URI is not one."""
        self.ensure_one()
        try:
            parts = urlsplit(uri)
        except ValueError as error:
            raise UserError(self.env._("“%(uri)s” is not a valid web address.", uri=uri)) from error
        segments = [segment for segment in parts.path.split("/") if segment]
        start = next(
            (
                index
                for index, segment in enumerate(segments)
                if segment in DL_PRIMARY_KEYS and (len(segments) - index) % 2 == 0
            ),
            None,
        )
        if not parts.netloc or start is None:
            raise UserError(
                self.env._(
                    "“%(uri)s” is not a GS1 Digital Link: its path has no GS1 key such as "
                    "/01/<GTIN> (compressed Digital Links are not supported).",
                    uri=uri,
                )
            )
        path_pairs = list(zip(segments[start::2], segments[start + 1 :: 2], strict=True))
        key_ai = path_pairs[0][0]
        qualifiers = [ai for ai, _value in path_pairs[1:]]
        self._gs1_check_digital_link_qualifiers(uri, key_ai, qualifiers)
        pairs = [(ai, unquote(value)) for ai, value in path_pairs]
        if key_ai == "01" and len(pairs[0][1]) in (8, 12, 13) and pairs[0][1].isdigit():
            pairs[0] = ("01", pairs[0][1].zfill(14))
        query_pairs = []
        for parameter in parts.query.split("&"):
            ai, _sep, value = parameter.partition("=")
            ai = unquote(ai)
            if not ai.isdigit():
                continue  # not a GS1 attribute (e.g. a tracking parameter): no GS1 meaning
            if ai in DL_NOT_ATTRIBUTES:
                raise UserError(
                    self.env._(
                        "AI (%(ai)s) cannot be a query attribute of a GS1 Digital Link: %(uri)s",
                        ai=ai,
                        uri=uri,
                    )
                )
            query_pairs.append((ai, unquote(value)))
        elements = []
        for position, (ai, value) in enumerate(pairs + query_pairs):
            element = self._gs1_parse_ai_value(ai, value, uri)
            if element:
                elements.append(element)
            elif position < len(pairs):
                raise UserError(
                    self.env._(
                        "AI (%(ai)s) of this Digital Link is not supported: %(uri)s", ai=ai, uri=uri
                    )
                )
        return elements

    @api.model
    def _gs1_check_digital_link_qualifiers(self, uri, key_ai, qualifiers):
        allowed = DL_PRIMARY_KEYS[key_ai]
        if qualifiers and tuple(qualifiers) == DL_ALTERNATIVE_QUALIFIERS.get(key_ai):
            return
        positions = [allowed.index(ai) if ai in allowed else -1 for ai in qualifiers]
        if -1 in positions or positions != sorted(set(positions)):
            raise UserError(
                self.env._(
                    "The path of this GS1 Digital Link is not in GS1 order: after /%(key)s/ come "
                    "%(allowed)s, each at most once and in this order: %(uri)s",
                    key=key_ai,
                    allowed=", ".join(f"/{ai}/" for ai in allowed) or self.env._("no qualifier"),
                    uri=uri,
                )
            )

    def _gs1_parse_ai_value(self, ai, value, source):
        """One (AI, value) pair → element dict; None when no rule knows the AI; UserError when
        a rule knows it but the value does not fit."""
        rules = self.rule_ids.filtered(lambda r: r.encoding == "gs1-128")
        for rule in rules:
            match = re.fullmatch(rule.pattern, ai + value)
            if not match or len(match.groups()) < 2 or match.group(1) != ai:
                continue
            errors = []
            element = self._gs1_parse_element(match, rule, errors)
            if not element:
                raise UserError(
                    self.env._("This GS1 code cannot be read: %(reason)s", reason=errors[0])
                )
            return element
        for rule in rules:
            ai_pattern = re.match(r"^\(([^)]*)\)", rule.pattern)
            if ai_pattern and re.fullmatch(ai_pattern.group(1), ai):
                raise UserError(
                    self.env._(
                        "The value “%(value)s” of AI (%(ai)s) does not have the GS1 format: "
                        "%(scan)s",
                        value=value,
                        ai=ai,
                        scan=source,
                    )
                )
        return None

    @api.model
    def _gs1_elements_to_values(self, elements, digital_link=False):
        """Decomposed elements → what the module uses: ``gtin`` (14 digits), ``lot`` (AI 10),
        ``serial`` (AI 21), ``sscc``, ``production_date`` (11), ``pack_date`` (13),
        ``best_before_date`` (15), ``sell_by_date`` (16), ``expiration_date`` (17) as dates,
        ``quantity`` (AI 30/37), ``measures`` ({AI: value} of 31nn to 36nn), ``elements`` (every
        (AI, text) pair) and ``digital_link``. Raises UserError when an AI repeats with another
        value."""
        values = dict.fromkeys(("gtin", "lot", "serial", "sscc", "quantity"), False)
        values.update(dict.fromkeys(GS1_DATE_KEYS.values(), False))
        values.update(measures={}, elements=[], digital_link=digital_link)
        seen = {}
        for element in elements:
            ai, text = element["ai"], element["string_value"]
            if seen.setdefault(ai, text) != text:
                raise UserError(
                    self.env._(
                        "AI (%(ai)s) appears twice with different values (%(first)s, %(second)s).",
                        ai=ai,
                        first=seen[ai],
                        second=text,
                    )
                )
            values["elements"].append((ai, text))
            if ai == "01" or (ai == "02" and not values["gtin"]):
                values["gtin"] = text
            elif ai == "00":
                values["sscc"] = text
            elif ai == "10":
                values["lot"] = text
            elif ai == "21":
                values["serial"] = text
            elif ai in GS1_DATE_KEYS:
                values[GS1_DATE_KEYS[ai]] = element["value"]
            elif ai in ("30", "37"):
                values["quantity"] = float(element["value"])
            elif element["type"] == "quantity":
                values["measures"][ai] = element["value"]
        return values

    @api.model
    def _gs1_normalize_gtin(self, barcode):
        """A product barcode (GTIN-8/12/13/14, digits only) as a 14-digit GTIN, or False."""
        if not barcode or not barcode.isdigit() or len(barcode) not in (8, 12, 13, 14):
            return False
        return barcode.zfill(14)

    @api.model
    def _gs1_gtin_barcode_variants(self, gtin):
        """The ways a product barcode field may hold ``gtin`` (14 digits): as GTIN-14, and as
        GTIN-13/12/8 when the dropped leading digits are zeros."""
        return [gtin[-length:] for length in (14, 13, 12, 8) if set(gtin[:-length]) <= {"0"}]
