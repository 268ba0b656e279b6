"""Every HTTP error status maps to a class with Nova's message and request id."""

import pytest

from computeclient import exceptions


class FakeResponse:
    def __init__(self, status, headers=None, text=""):
        self.status_code = status
        self.headers = headers or {}
        self.text = text


STATUSES = {
    400: exceptions.BadRequest, 401: exceptions.Unauthorized, 403: exceptions.Forbidden,
    404: exceptions.NotFound, 405: exceptions.MethodNotAllowed,
    406: exceptions.NotAcceptable, 409: exceptions.Conflict, 410: exceptions.Gone,
    413: exceptions.RequestEntityTooLarge, 415: exceptions.UnsupportedMediaType,
    429: exceptions.RateLimit, 500: exceptions.InternalServerError,
    501: exceptions.HTTPNotImplemented, 502: exceptions.BadGateway,
    503: exceptions.ServiceUnavailable, 504: exceptions.GatewayTimeout,
}


@pytest.mark.parametrize("status, cls", sorted(STATUSES.items()))
def test_status_to_class(status, cls):
    body = {"someFault": {"message": f"boom {status}", "code": status}}
    exc = exceptions.from_response(FakeResponse(status), body, "/x", "GET")
    assert type(exc) is cls
    assert exc.code == status
    assert exc.message == f"boom {status}"
    assert str(exc) == f"boom {status} (HTTP {status})"


def test_unknown_statuses_fall_back_by_family():
    assert type(exceptions.from_response(FakeResponse(418), None)) is exceptions.ClientException
    exc = exceptions.from_response(FakeResponse(507), None)
    assert isinstance(exc, exceptions.InternalServerError) and exc.code == 507


def test_request_id_from_either_header():
    exc = exceptions.from_response(
        FakeResponse(404, {"x-openstack-request-id": "req-a"}), {"itemNotFound": {"message": "m"}})
    assert exc.request_id == "req-a"
    assert str(exc) == "m (HTTP 404) (Request-ID: req-a)"
    exc = exceptions.from_response(FakeResponse(404, {"x-compute-request-id": "req-b"}), None)
    assert exc.request_id == "req-b"


def test_api_wg_error_shape_and_plain_message():
    body = {"errors": [{"title": "Bad", "detail": "Version 9.9 is not supported"}]}
    assert exceptions.from_response(FakeResponse(406), body).message == \
        "Version 9.9 is not supported"
    assert exceptions.from_response(FakeResponse(400), {"message": "plain"}).message == "plain"


def test_non_json_body_is_kept_as_one_line():
    resp = FakeResponse(502, text="<html>\n  Bad   gateway\n</html>")
    exc = exceptions.from_response(resp, None)
    assert exc.message == "Bad gateway"


def test_html_error_page_is_reduced_to_its_text():
    page = ("<!DOCTYPE html><html><head><title>401 Unauthorized</title>"
            "<style>p {color: red}</style></head>\n<body><h1>401 Unauthorized</h1>\n"
            "<p>This server could not verify that you are authorized.</p></body></html>")
    exc = exceptions.from_response(FakeResponse(401, text=page), None)
    assert str(exc) == ("401 Unauthorized This server could not verify that you are "
                        "authorized. (HTTP 401)")


def test_retry_after_is_reported():
    exc = exceptions.from_response(FakeResponse(429, {"Retry-After": "120"}), None)
    assert str(exc) == "Rate limit exceeded (HTTP 429) (retry after 120 s)"


@pytest.mark.parametrize("status", [413, 429, 503])
def test_retry_after_kept(status):
    exc = exceptions.from_response(FakeResponse(status, {"Retry-After": "7"}), None)
    assert exc.retry_after == 7


def test_retry_after_ignored_elsewhere_and_when_not_a_number():
    elsewhere = exceptions.from_response(FakeResponse(400, {"Retry-After": "7"}), None)
    assert elsewhere.retry_after is None
    not_a_number = exceptions.from_response(FakeResponse(429, {"Retry-After": "soon"}), None)
    assert not_a_number.retry_after is None


def test_version_not_available_message():
    exc = exceptions.VersionNotAvailable("command 'x'", needed=">= 2.64", have="2.60",
                                         offered="2.1-2.60")
    assert str(exc) == ("command 'x' needs microversion >= 2.64; this session speaks 2.60 "
                        "(the server offers 2.1-2.60)")
