"""Reading numbers the way Vietnamese clerks type them, shared by the web form and the
Excel importer so both accept and refuse exactly the same input."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError

_VN_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.234.567 (dot groups thousands)
_EN_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")  # 1,234,567 typed by habit from English
_PLAIN = re.compile(r"^\d+$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DECIMAL_DOT = re.compile(r"^\d+\.\d+$")


def parse_count(raw: object) -> Decimal | None:
    """A whole number of people, units or activities; empty means not reported.

    "1.234" and "1,234" are one thousand two hundred thirty-four (thousands grouping);
    "12a", "-3", "1,5" and "1.5" are refused: a count of people has no fraction."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError("Giá trị phải là một số nguyên, không phải Đúng/Sai.")
    if isinstance(raw, int):
        if raw < 0:
            raise ValidationError("Số liệu không được âm.")
        return Decimal(raw)
    if isinstance(raw, float | Decimal):
        value = Decimal(str(raw))
        if value < 0:
            raise ValidationError("Số liệu không được âm.")
        if value != value.to_integral_value():
            raise ValidationError(
                f"“{raw}” không phải số nguyên: số người, số đơn vị phải là số nguyên."
            )
        return value.to_integral_value()
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text == "":
        return None
    if text.startswith("-"):
        raise ValidationError("Số liệu không được âm.")
    if _PLAIN.match(text):
        return Decimal(text)
    if _VN_GROUPED.match(text) or _EN_GROUPED.match(text):
        return Decimal(text.replace(".", "").replace(",", ""))
    if _DECIMAL_COMMA.match(text) or _DECIMAL_DOT.match(text):
        raise ValidationError(
            f"“{raw}” không phải số nguyên: số người, số đơn vị phải là số nguyên."
        )
    raise ValidationError(f"“{raw}” không phải là số. Chỉ nhập chữ số, ví dụ 42 hoặc 1.250.")


def parse_yesno(raw: object) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    text = str(raw).strip().lower()
    if text == "":
        return None
    if text in {"1", "có", "co", "x", "yes", "true", "đạt"}:
        return Decimal(1)
    if text in {"0", "không", "khong", "no", "false"}:
        return Decimal(0)
    raise ValidationError(f"“{raw}” không hợp lệ: chọn Có hoặc Không.")


def format_number(value: Decimal | int | float | None, places: int = 0) -> str:
    """1234.5 → "1.234,5" (Vietnamese grouping and decimal comma)."""
    if value is None:
        return "—"
    quantized = f"{Decimal(str(value)):,.{places}f}"
    return quantized.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
