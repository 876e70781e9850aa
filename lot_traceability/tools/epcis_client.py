# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The client side of an EPCIS 2.0 query interface: ``GET <endpoint>/events`` with the standard
query parameters, a bearer API key and a timeout. Failures are raised as
:class:`EpcisFetchError` with an English reason (translated by the caller)."""

import requests

TIMEOUT = 30  # seconds, connection and each read
MAX_ANSWER_BYTES = 50 * 1024 * 1024


class EpcisFetchError(Exception):
    pass


def events_url(endpoint):
    """``<endpoint>/events`` (the endpoint may be given with its /events already)."""
    endpoint = endpoint.strip().rstrip("/")
    return endpoint if endpoint.endswith("/events") else f"{endpoint}/events"


def fetch_events(endpoint, api_key, params, timeout=TIMEOUT):
    """The JSON answer (a dict) of the query ``params`` ({name: value}) at ``endpoint``."""
    url = events_url(endpoint)
    if not url.startswith(("http://", "https://")):
        raise EpcisFetchError(f"{endpoint} is not an http(s) address")
    headers = {"Accept": "application/ld+json, application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    try:
        response = requests.get(url, params=params, headers=headers, timeout=timeout)
    except requests.Timeout as error:
        raise EpcisFetchError(f"{url} did not answer within {timeout} seconds") from error
    except requests.RequestException as error:
        raise EpcisFetchError(f"{url} could not be reached ({error})") from error
    if response.status_code != 200:
        # an error page (HTML) says nothing a user can read in a message: its status does
        html = "html" in response.headers.get("Content-Type", "")
        detail = "" if html else response.text[:300].strip()
        raise EpcisFetchError(
            f"{url} answered HTTP {response.status_code} {response.reason or ''}".strip()
            + (f": {detail}" if detail else "")
        )
    if len(response.content) > MAX_ANSWER_BYTES:
        raise EpcisFetchError(f"{url} answered more than {MAX_ANSWER_BYTES} bytes")
    try:
        answer = response.json()
    except ValueError as error:
        content_type = response.headers.get("Content-Type", "?")
        raise EpcisFetchError(
            f"{url} did not answer JSON (content type {content_type}): "
            f"{response.text[:120].strip()!r}"
        ) from error
    if not isinstance(answer, dict):
        raise EpcisFetchError(f"{url} did not answer an EPCIS document")
    return answer
