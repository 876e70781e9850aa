# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The client side of an EPCIS 2.0 query interface: ``GET <endpoint>/events`` with the standard
query parameters, a bearer API key and a timeout, following the pages of the answer (EPCIS 2.0
REST binding: a ``Link: <…>; rel="next"`` header while more events follow). Failures are raised
as :class:`EpcisFetchError` with an English reason (translated by the caller)."""

import copy
import json
from urllib.parse import quote, urljoin, urlsplit

import requests
from requests.utils import parse_header_links

TIMEOUT = 30  # seconds, connection and each read
MAX_ANSWER_BYTES = 50 * 1024 * 1024
#: Longest ``MATCH_anyEPC`` value sent in one query, URL-encoded: the EPCIS 2.0 REST binding
#: advises URLs of at most about 2,000 characters (servers refuse longer ones with 414); a
#: receipt of many lots is asked in several queries.
MAX_EPC_QUERY = 1500


class EpcisFetchError(Exception):
    pass


class EpcisTooManyPagesError(EpcisFetchError):
    """The answer has more pages than the caller allows."""


def events_url(endpoint):
    """``<endpoint>/events`` (the endpoint may be given with its /events already)."""
    endpoint = endpoint.strip().rstrip("/")
    return endpoint if endpoint.endswith("/events") else f"{endpoint}/events"


def next_page_url(response, url):
    """The absolute URL of the ``Link: <…>; rel="next"`` header of ``response``, or None."""
    for link in parse_header_links(response.headers.get("Link", "")):
        if "next" in (link.get("rel") or "").split() and link.get("url"):
            return urljoin(url, link["url"])
    return None


def epc_batches(epcs, limit=None):
    """``epcs`` split into lists whose ``MATCH_anyEPC`` value (comma-separated, URL-encoded)
    is at most ``limit`` characters long (default ``MAX_EPC_QUERY``; an identifier longer
    than that is asked alone)."""
    limit = MAX_EPC_QUERY if limit is None else limit
    batches, batch, length = [], [], 0
    for epc in epcs:
        size = len(quote(epc, safe=""))
        if batch and length + len("%2C") + size > limit:
            batches.append(batch)
            batch, length = [], 0
        length += (len("%2C") if batch else 0) + size
        batch.append(epc)
    if batch:
        batches.append(batch)
    return batches


def fetch_events_of(endpoint, api_key, epcs, max_pages, timeout=TIMEOUT):
    """``(document, pages, queries)``: the events of ``epcs`` at ``endpoint``, asked with
    ``MATCH_anyEPC`` in as many queries as the URL length allows (``epc_batches``), each
    followed page by page (``fetch_all_events``), in one event list (an event answered to two
    queries once); ``max_pages`` counts the pages of every query."""
    document, events, pages, seen = None, [], 0, set()
    batches = epc_batches(epcs)
    for batch in batches:
        if pages >= max_pages:
            raise EpcisTooManyPagesError(
                f"{events_url(endpoint)} answered more than {max_pages} pages of events"
            )
        answer, read = fetch_all_events(
            endpoint, api_key, {"MATCH_anyEPC": ",".join(batch)}, max_pages - pages, timeout
        )
        pages += read
        for event in _event_list(answer, endpoint):
            key = isinstance(event, dict) and event.get("eventID")
            key = key or json.dumps(event, sort_keys=True)
            if key not in seen:
                seen.add(key)
                events.append(event)
        document = document or answer
    _event_list(document, endpoint)[:] = events
    return document, pages, len(batches)


def fetch_all_events(endpoint, api_key, params, max_pages, timeout=TIMEOUT):
    """``(document, pages)``: the answer of the query ``params`` at ``endpoint`` with the events
    of every page in one event list (the first page's envelope), and the number of pages read.
    The next pages are asked on the endpoint's own host only (the key is not sent elsewhere);
    more than ``max_pages`` pages: EpcisTooManyPagesError."""
    url = events_url(endpoint)
    document, next_url = _get_page(url, api_key, params, timeout)
    document = copy.deepcopy(document)
    events = _event_list(document, url)
    pages, seen = 1, {url}
    while next_url:
        if urlsplit(next_url)[:2] != urlsplit(url)[:2]:
            raise EpcisFetchError(f"{url} gave a next page on another site: {next_url}")
        if next_url in seen:
            raise EpcisFetchError(f"{url} gave the same next page twice: {next_url}")
        if pages >= max_pages:
            raise EpcisTooManyPagesError(f"{url} answered more than {max_pages} pages of events")
        seen.add(next_url)
        page, following = _get_page(next_url, api_key, None, timeout)
        events.extend(_event_list(page, next_url))
        pages += 1
        next_url = following
    return document, pages


def _event_list(document, url):
    """The (mutable) event list of an EPCISQueryDocument or EPCISDocument answer."""
    body = document.get("epcisBody")
    if isinstance(body, dict) and isinstance(body.get("queryResults"), dict):
        results = body["queryResults"].setdefault("resultsBody", {})
    else:
        results = body
    if not isinstance(results, dict):
        raise EpcisFetchError(f"{url} did not answer an EPCIS document")
    events = results.setdefault("eventList", [])
    if not isinstance(events, list):
        raise EpcisFetchError(f"{url} did not answer an EPCIS document (no event list)")
    return events


def _get_page(url, api_key, params, timeout):
    """``(answer, next page URL or None)`` of ``GET url``."""
    if not url.startswith(("http://", "https://")):
        raise EpcisFetchError(f"{url} is not an http(s) address")
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
    return answer, next_page_url(response, url)
