"""Pages travel compressed: agency intranets are slow, and a province's committee
dashboard is 1.6 MB of HTML for 150 agencies (every heatmap cell carries its explanation)
but 52 KB through gzip, which costs about 9 ms on the server (docs/performance.md).

Only text is compressed. Static files come precompressed from WhiteNoise, which answers
before this middleware; PDFs, workbooks and evidence files are compressed already and
would only cost CPU. Django's GZipMiddleware adds random bytes to every compressed
response and masks CSRF tokens, its defences against BREACH."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("text/", "application/json", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
