"""Smoke test of the running demo server: login page answers, a demo user logs in.

Used by .ci/run against `make demo`; not collected by pytest (no test_ prefix)."""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request


def main(base: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/dang-nhap/").read().decode()
    assert "Đăng nhập" in page, "login page is not Vietnamese"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": "hoa", "password": "demo-2025", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/dang-nhap/", data=data, headers={"Referer": f"{base}/dang-nhap/"}
    )
    home = opener.open(request).read().decode()
    assert "Sở Ngoại vụ" in home, "committee home does not list the province's agencies"
    print("login page 200, demo user 'hoa' logged in and sees the province's agencies")


if __name__ == "__main__":
    main(sys.argv[1])
