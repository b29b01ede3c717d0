"""Pages are sent gzip-compressed to browsers that ask; files are sent as they are."""

from __future__ import annotations

import gzip

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from genderplan.compression import TextGZipMiddleware
from tests.conftest import client_for

BIG_HTML = "<p>Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý</p>" * 200


def _through_middleware(content: str | bytes, content_type: str, accept: str = "gzip"):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    middleware = TextGZipMiddleware(lambda _r: HttpResponse(content, content_type=content_type))
    return middleware(request)


def test_html_is_compressed_when_the_browser_accepts_gzip() -> None:
    response = _through_middleware(BIG_HTML, "text/html; charset=utf-8")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode() == BIG_HTML
    assert len(response.content) < len(BIG_HTML.encode()) / 10


def test_nothing_is_compressed_for_a_client_that_does_not_ask() -> None:
    response = _through_middleware(BIG_HTML, "text/html; charset=utf-8", accept="")
    assert not response.has_header("Content-Encoding")
    assert response.content.decode() == BIG_HTML


def test_files_are_sent_as_they_are() -> None:
    pdf = b"%PDF-1.7\n" + b"0" * 5000
    for content_type in ("application/pdf", "application/vnd.ms-excel", "image/png"):
        response = _through_middleware(pdf, content_type)
        assert not response.has_header("Content-Encoding"), content_type
        assert response.content == pdf


def test_a_real_page_arrives_compressed(world) -> None:
    client = client_for(world, "committee")
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "</html>" in gzip.decompress(response.content).decode()
