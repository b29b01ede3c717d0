"""Read a plan document (.docx, .txt, PDF with a text layer) and propose its structure.

Plain Python on purpose: no network, no model, no Django import at module level. The rules
are about the Vietnamese of administrative plans, not about particular files:

1. `read_document` turns bytes into lines (python-docx paragraphs and tables in body order,
   pypdf text, or decoded text) and refuses what is not a readable document with a
   Vietnamese message (`ExtractionError`).
2. `normalise` joins lines broken by PDF extraction into paragraphs: a line that does not
   end a sentence joins the next when the next starts in lower case, or when the line is
   as wide as the text column (it was wrapped), or ends in a word that cannot end a phrase
   ("của", "và", …). Headings ("I.", "2.1.", "a)") and bullets ("- ") always start a new
   paragraph. Header lines (before "KẾ HOẠCH") and the "Nơi nhận" block are kept as lines.
3. `extract` reads the normalised text: header, title, period, references, sections with
   their part of the plan (purpose, objectives, content, …), targets, tasks with their lead
   unit, reporting deadlines, recipients and signer. Every item keeps the (start, end)
   span of the text it was read from in the normalised text, so a reviewer can see it.

Targets are read clause by clause (clauses end at ";", at a sentence end and at a closing
quote). A clause gives a target when it states a level (a percentage, a range, "N lần",
"ít nhất N hoạt động mỗi năm", "không có …") in a place and a mood that commit to it: the
objectives part of the plan, or elsewhere with words such as "phấn đấu", "mục tiêu",
"chỉ tiêu", "đạt", "bảo đảm". Results already achieved (past cues, years before the plan,
"so với"), changes rather than levels ("tăng 5%"), qualifiers ("các đơn vị có từ 50% …"),
durations and ages ("từ 5 năm xuống còn 02 năm"), dates and document numbers are not
targets.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_BYTES = 5 * 1024 * 1024


class ExtractionError(Exception):
    """A file that cannot be read as a plan. The message is for the user, in Vietnamese."""


# ================================================================== reading documents


def sniff_kind(data: bytes) -> str:
    """ "pdf", "docx", "doc" (old binary Word), "zip" (some other zip) or "text"."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    return "text"


def _decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    if len(data) >= 4 and data[1:200:2].count(0) > 0.4 * len(data[1:200:2]):
        return data.decode("utf-16-le", errors="replace")
    if len(data) >= 4 and data[0:200:2].count(0) > 0.4 * len(data[0:200:2]):
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ExtractionError(
            "Tệp không phải văn bản đọc được (không phải .docx, .pdf hay .txt). "
            "Hãy tải lên tệp Word (.docx), PDF có lớp chữ hoặc tệp văn bản (.txt)."
        )
    # Vietnamese Windows code page (TCVN3/VNI fonts are not text encodings and stay garbled).
    return data.decode("cp1258", errors="replace")


def _docx_lines(data: bytes) -> list[str]:
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise ExtractionError(
            "Không mở được tệp Word: tệp bị hỏng hoặc không đúng định dạng .docx."
        ) from exc

    lines: list[str] = []

    def table_lines(table: Table) -> None:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                # Merged cells repeat the same cell object along the row.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                for block in cell.iter_inner_content():
                    if isinstance(block, Paragraph):
                        lines.append(block.text)
                    else:
                        table_lines(block)
            lines.append("")

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            # Soft line breaks inside a paragraph are layout, not structure.
            lines.append(block.text.replace("\n", " ").replace("\v", " "))
        elif isinstance(block, Table):
            table_lines(block)
    return lines


def _pdf_lines(data: bytes) -> list[str]:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise ExtractionError(
                    "Tệp PDF được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu hoặc tải "
                    "lên bản Word (.docx)."
                )
        texts = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises a wide range on broken files
        raise ExtractionError(
            "Không mở được tệp PDF: tệp bị hỏng hoặc không đúng định dạng."
        ) from exc
    text = "\n".join(texts)
    if len(re.sub(r"\s+", "", text)) < 20:
        raise ExtractionError(
            "Tệp PDF không có lớp chữ (có thể là bản scan, chỉ có hình ảnh) nên không đọc được "
            "nội dung. Hãy tải lên bản Word (.docx) hoặc PDF xuất từ Word."
        )
    return text.splitlines()


# A Word file's parts inflate to a few times their packed size; python-docx inflates every
# part into memory, so a zip bomb must be refused from the directory before it is opened.
MAX_PACKAGE_MEMBERS = 2000
MAX_PACKAGE_BYTES = 100 * 1024 * 1024
MAX_PART_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024


def _check_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError("Không mở được tệp Word: tệp bị hỏng hoặc chưa tải lên hết.") from exc
    bomb = (
        len(infos) > MAX_PACKAGE_MEMBERS
        or sum(i.file_size for i in infos) > MAX_PACKAGE_BYTES
        or any(i.file_size > max(RATIO_CHECK_FROM, MAX_PART_RATIO * i.compress_size) for i in infos)
    )
    if bomb:
        raise ExtractionError(
            "Tệp Word có nội dung nén bất thường (giải nén quá lớn), dấu hiệu của tệp độc hại, "
            "nên hệ thống không mở. Hãy lưu lại văn bản trong Word rồi tải lên lần nữa."
        )
    if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
        raise ExtractionError(
            "Tệp Word có chứa macro (thường là tệp .docm). Vì an toàn, hệ thống không nhận tệp "
            "có macro: trong Word chọn Lưu thành (Save As) → “Tài liệu Word (*.docx)”."
        )


def _refuse_polyglot(data: bytes) -> None:
    """A PDF that is also a zip archive or a web page is not a plan anyone printed."""
    head = data[:1024].lower()
    html = any(m in head for m in (b"<html", b"<script", b"<body", b"<!doctype html"))
    if html or zipfile.is_zipfile(io.BytesIO(data)):
        raise ExtractionError(
            "Tệp PDF này đồng thời là một loại tệp khác (tệp nén hoặc trang web), có thể là "
            "tệp độc hại, nên hệ thống không đọc. Hãy xuất lại văn bản ra PDF từ Word."
        )


@dataclass
class Document:
    kind: str  # "docx", "pdf", "text"
    lines: list[str]


def read_document(data: bytes, filename: str = "") -> Document:
    """Bytes of an uploaded file → its lines. The type is decided by the content, not the
    file name. Raises ExtractionError with a message for the user."""
    if not data or not data.strip():
        raise ExtractionError("Tệp trống, không có nội dung.")
    if len(data) > MAX_BYTES:
        raise ExtractionError("Tệp lớn hơn 5 MB. Hãy tải lên văn bản kế hoạch (tối đa 5 MB).")
    kind = sniff_kind(data)
    if kind == "doc":
        raise ExtractionError(
            "Tệp Word cũ (.doc) chưa đọc được. Mở tệp trong Word và lưu lại dạng .docx rồi tải lên."
        )
    if kind == "zip":
        raise ExtractionError(
            "Tệp nén hoặc tệp Office không phải Word (.docx). Hãy tải lên tệp .docx, .pdf "
            "hoặc .txt."
        )
    if kind == "pdf":
        _refuse_polyglot(data)
        return Document("pdf", _pdf_lines(data))
    if kind == "docx":
        _check_package(data)
        return Document("docx", _docx_lines(data))
    text = _decode_text(data)
    controls = sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.02 * min(len(text), 5000):
        raise ExtractionError(
            "Tệp không phải văn bản đọc được (không phải .docx, .pdf hay .txt). "
            "Hãy tải lên tệp Word (.docx), PDF có lớp chữ hoặc tệp văn bản (.txt)."
        )
    return Document("text", text.splitlines())


# ================================================================== normalising

UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

HEADING_RE = re.compile(
    rf"^(?:(?P<roman>[IVX]{{1,5}})\.\s*|(?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})\.?\s+(?=[{UPPER}])"
    rf"|(?P<letter>[{LOWER[:-1]}đ])\)\s*)",
)
BULLET_RE = re.compile(r"^(?:[-–—+•*▪●◦]\s+|[-–+]\s*(?=[" + UPPER + r"]))")

# Words after which a Vietnamese phrase cannot end: a line ending in one was wrapped.
CONNECTIVES = frozenset(
    "của và với các những về cho trong tại theo được là có từ đến ở nhằm để thuộc vì do bằng "
    "trên dưới giữa hoặc hay như mà thì nên sự việc công cuộc cơ các quá ngày tháng năm số "
    "tỉnh huyện xã đối nhất là đã sẽ đang cùng gồm nhân".split()
)
TERMINAL = (".", "!", "?", ":", ";", "…")


def _nfc(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\u200b", "")
    return re.sub(r"[ \u2000-\u200a\u3000]+", " ", text).strip()


def _is_heading(line: str) -> bool:
    return bool(HEADING_RE.match(line))


def _is_bullet(line: str) -> bool:
    return bool(BULLET_RE.match(line))


def _letters(line: str) -> str:
    return "".join(ch for ch in line if ch.isalpha())


def _is_caps(line: str) -> bool:
    letters = _letters(line)
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


TYPE_LINE_RE = re.compile(r"^(?:KẾ\s+HOẠCH|CHƯƠNG\s+TRÌNH|KẾ HOẠCH HÀNH ĐỘNG)\b", re.UNICODE)
RECIPIENTS_RE = re.compile(r"^Nơi\s+nhận\s*:?", re.IGNORECASE)


def _starts_block(line: str) -> bool:
    return (
        _is_heading(line)
        or _is_bullet(line)
        or bool(RECIPIENTS_RE.match(line))
        or bool(TYPE_LINE_RE.match(line))
        or _is_caps(line)
    )


def normalise(document: Document) -> str:
    """Lines → paragraphs (one per line of the result), whitespace collapsed, NFC."""
    raw = [_nfc(line) for line in document.lines]
    nonblank = [i for i, line in enumerate(raw) if line]
    if not nonblank:
        return ""
    # PDF text often has a blank line after every line: then blanks are noise, not breaks.
    followed_by_blank = sum(1 for i in nonblank if i + 1 < len(raw) and not raw[i + 1])
    lengths = sorted(len(raw[i]) for i in nonblank)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    # Wrapped text (PDF, text pasted from PDF) has a column width; Word paragraphs do not.
    # (A Word file converted from PDF has one paragraph per printed line: wrapped too.)
    wrapped = p90 <= 110
    # PDF text often has a blank line after every line: then blanks are noise, not breaks.
    blanks_are_breaks = not wrapped or followed_by_blank < 0.4 * len(nonblank)
    full_width = 0.85 * p90

    paragraphs: list[str] = []
    mode = "header"  # header → body → footer (Nơi nhận)
    current = ""
    last_line = ""  # the last raw line of `current`: its width tells whether it was wrapped
    saw_type = any(TYPE_LINE_RE.match(raw[i]) for i in nonblank[:40])
    if not saw_type:
        mode = "body"

    def flush() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
        current = ""

    for line in raw:
        if not line:
            if blanks_are_breaks:
                flush()
            continue
        if mode == "header":
            flush()
            paragraphs.append(line)
            if TYPE_LINE_RE.match(line):
                mode = "body"
            continue
        if RECIPIENTS_RE.match(line):
            flush()
            mode = "footer"
        if mode == "footer":
            flush()
            paragraphs.append(line)
            continue
        if not current:
            current = last_line = line
            continue
        if _joins(current, last_line, line, wrapped=wrapped, full_width=full_width):
            sep = "" if current.endswith("/") else " "  # no hyphenation in Vietnamese
            current = f"{current}{sep}{line}"
        else:
            flush()
            current = line
        last_line = line
    flush()
    return "\n".join(paragraphs)


def _joins(paragraph: str, previous: str, line: str, *, wrapped: bool, full_width: float) -> bool:
    """Does `line` continue `paragraph`, whose last line is `previous`?"""
    if _is_heading(line) or _is_bullet(line) or TYPE_LINE_RE.match(line):
        return False
    if _is_caps(line) and not _is_caps(previous):
        return False
    first = line[0]
    last_word = previous.rsplit(" ", 1)[-1]
    if _is_caps(paragraph) and len(paragraph) < 40 and not paragraph.endswith(","):
        # A short upper-case line is a heading ("I. MỤC TIÊU", "KẾ HOẠCH").
        return first.islower() and _is_caps(line)
    if first.islower() or first in "(“\"'":
        return True
    if first.isdigit():
        # "2021- 2030 trên địa bàn …" continues; "2.1. Quy hoạch …" was caught above.
        return not previous.endswith((".", "!", "?"))
    if previous.endswith(TERMINAL) or previous.endswith("./."):
        return False
    if last_word.lower() in CONNECTIVES:
        return True
    if last_word.endswith(","):
        return True
    if wrapped and len(previous) >= full_width:
        return True
    return False


# ================================================================== the result


@dataclass
class Item:
    text: str
    start: int
    end: int


@dataclass
class MilestoneOut:
    year: int | None
    value: float
    value_max: float | None = None


@dataclass
class TargetOut:
    text: str
    start: int
    end: int
    domain: str | None
    comparator: str
    unit: str | None
    approx: bool
    milestones: list[MilestoneOut]
    maintain_until: int | None
    period: str | None
    indicator: str | None = None
    indicator_score: float = 0.0
    count_noun: str = ""
    in_objectives: bool = False


@dataclass
class ObjectiveOut:
    """A line of the objectives with no level to measure: a qualitative target."""

    text: str
    start: int
    end: int
    domain: str | None
    indicator: str | None = None
    indicator_score: float = 0.0


@dataclass
class SectionOut:
    number: str
    heading: str
    part: str
    level: int
    start: int
    end: int
    body: list[str] = field(default_factory=list)


@dataclass
class TaskOut:
    text: str
    start: int
    end: int
    lead: str | None
    cooperating: str = ""
    recurrence: str = "ongoing"
    schedule: str = ""
    section: int | None = None


@dataclass
class DutyOut:
    kind: str  # mid_year, annual, other
    day: int | None
    month: int | None
    recipient: str
    text: str
    start: int
    end: int
    part: str | None = None


@dataclass
class ReferenceOut:
    kind: str
    number: str | None
    date: str | None
    issuer: str | None
    text: str
    start: int
    end: int


@dataclass
class Extraction:
    text: str
    source_kind: str = "text"
    doc_type: Item | None = None
    agency: Item | None = None
    governing_body: str | None = None
    number: Item | None = None  # "298/KH-UBND"
    place: str | None = None
    issued_on: datetime.date | None = None
    date_item: Item | None = None
    title: Item | None = None
    kind: str | None = None  # multi_year, annual, campaign
    period_start: int | None = None
    period_end: int | None = None
    campaign_start: datetime.date | None = None
    campaign_end: datetime.date | None = None
    parent_reference: Item | None = None
    legal_bases: list[Item] = field(default_factory=list)
    references: list[ReferenceOut] = field(default_factory=list)
    purpose: list[Item] = field(default_factory=list)
    requirements: list[Item] = field(default_factory=list)
    general_objective: Item | None = None
    closing: Item | None = None
    sections: list[SectionOut] = field(default_factory=list)
    targets: list[TargetOut] = field(default_factory=list)
    objectives: list[ObjectiveOut] = field(default_factory=list)
    tasks: list[TaskOut] = field(default_factory=list)
    duties: list[DutyOut] = field(default_factory=list)
    recipients: list[Item] = field(default_factory=list)
    signer_authority: Item | None = None
    signer_title: Item | None = None
    signer_name: Item | None = None

    @property
    def looks_like_plan(self) -> bool:
        return (
            self.doc_type is not None
            or bool(self.targets)
            or (len(self.sections) >= 2 and len(self.tasks) >= 2)
        )

    # --- output --------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The command's JSON: the keys of issue 7, then the other fields read."""

        def text(item: Item | None) -> str | None:
            return item.text if item else None

        def num(value: float | None) -> int | float | None:
            if value is None:
                return None
            return int(value) if float(value).is_integer() else value

        return {
            "agency": text(self.agency),
            "number": text(self.number),
            "place": self.place,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "title": text(self.title),
            "period": {"start": self.period_start, "end": self.period_end},
            "targets": [
                {
                    "text": t.text,
                    "domain": t.domain,
                    "comparator": t.comparator,
                    "unit": t.unit,
                    "approx": t.approx,
                    "milestones": [
                        {"year": m.year, "value": num(m.value), "value_max": num(m.value_max)}
                        for m in t.milestones
                    ],
                    "maintain_until": t.maintain_until,
                    "period": t.period,
                }
                for t in self.targets
            ],
            "tasks": [{"text": t.text, "lead": t.lead} for t in self.tasks],
            "signer": {"name": text(self.signer_name), "title": text(self.signer_title)},
            "recipients": [r.text for r in self.recipients],
            # Beyond the keys: what else was read, for the review page and scripts.
            "type": text(self.doc_type),
            "kind": self.kind,
            "campaign": {
                "start": self.campaign_start.isoformat() if self.campaign_start else None,
                "end": self.campaign_end.isoformat() if self.campaign_end else None,
            },
            "governing_body": self.governing_body,
            "signer_authority": text(self.signer_authority),
            "parent_reference": text(self.parent_reference),
            "references": [
                {"kind": r.kind, "number": r.number, "date": r.date, "issuer": r.issuer}
                for r in self.references
            ],
            "legal_bases": [b.text for b in self.legal_bases],
            "general_objective": text(self.general_objective),
            "objectives": [
                {"text": o.text, "domain": o.domain, "indicator": o.indicator}
                for o in self.objectives
            ],
            "target_indicators": [
                {"indicator": t.indicator, "score": round(t.indicator_score, 2)}
                for t in self.targets
            ],
            "reporting": [
                {"kind": d.kind, "day": d.day, "month": d.month, "recipient": d.recipient}
                for d in self.duties
            ],
            "sections": [
                {"number": s.number, "heading": s.heading, "part": s.part} for s in self.sections
            ],
            "task_details": [
                {
                    "cooperating": t.cooperating,
                    "recurrence": t.recurrence,
                    "schedule": t.schedule,
                    "section": t.section,
                }
                for t in self.tasks
            ],
        }

    def to_state(self) -> dict[str, Any]:
        """Everything, spans included, as plain JSON-able data (kept in the session)."""
        state = asdict(self)
        for key in ("issued_on", "campaign_start", "campaign_end"):
            value = getattr(self, key)
            state[key] = value.isoformat() if value else None
        return state


# ================================================================== small readers

DATE_RE = re.compile(
    rf"(?P<place>[{UPPER}][\w\s.\-]{{1,40}}?)\s*,\s*ngày\s+(?P<d>\d{{1,2}}|\.+|…+)?\s*"
    rf"tháng\s+(?P<m>\d{{1,2}}|\.+|…+)?\s*năm\s+(?P<y>\d{{4}})",
)
NUMBER_RE = re.compile(
    r"Số\s*[:.]?\s*(?P<n>\d{1,5})?\s*/\s*(?P<s>[A-ZĐ][A-ZĐa-zđ0-9&.\-]*(?:-[A-ZĐa-zđ0-9&]+)*)"
)
NAMED_DOC_RE = re.compile(
    r"(?P<kind>Kế hoạch|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Nghị định|Công văn|Chương trình|"
    r"Hướng dẫn|Luật|Kết luận)?\s*(?:số\s+)?(?P<n>\d{1,5}(?:/\d{4})?[/-][A-ZĐ][A-ZĐa-z0-9&/\-]*)"
    r"(?:,?\s*ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
    r"(?:\s+(?:của|do)\s+(?P<issuer>(?:Ủy|Uỷ|UBND|Ban|Bộ|Chính phủ|Thủ tướng|Sở|Hội đồng|Tỉnh ủy)"
    r"[^,;:()]{0,60}?)(?=\s+(?:về|thực hiện|ban hành|triển khai|tổ chức)|[,;:(]|$))?"
)
PARTS = (
    ("results", r"KẾT QUẢ|ĐÁNH GIÁ|THỰC TRẠNG|TÌNH HÌNH"),
    ("purpose", r"MỤC ĐÍCH|YÊU CẦU"),
    ("objectives", r"MỤC TIÊU|CHỈ TIÊU"),
    ("solutions", r"GIẢI PHÁP"),
    ("organization", r"TỔ CHỨC THỰC HIỆN|PHÂN CÔNG|TRÁCH NHIỆM|CHẾ ĐỘ BÁO CÁO"),
    ("funding", r"KINH PHÍ"),
    ("content", r"NỘI DUNG|NHIỆM VỤ|HOẠT ĐỘNG"),
)
DOMAIN_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gia-dinh", ("gia đình", "bạo lực")),
    ("kinh-te", ("kinh tế", "lao động", "việc làm")),
    ("y-te", ("y tế", "sức khỏe", "sức khoẻ", "chăm sóc sức")),
    ("giao-duc", ("giáo dục", "đào tạo")),
    ("truyen-thong", ("thông tin", "truyền thông")),
    ("chinh-tri", ("chính trị", "lãnh đạo", "quản lý")),
)


def _domain_of_heading(text: str) -> str | None:
    low = text.lower()
    # "Mục tiêu 3: Trong đời sống gia đình …": the field named after "lĩnh vực"/"trong".
    for code, words in DOMAIN_KEYWORDS:
        if any(w in low for w in words):
            return code
    return None


def _to_number(text: str) -> float:
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):  # 1.000 = one thousand
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


def _date(d: str, m: str, y: str) -> datetime.date | None:
    try:
        return datetime.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


# ================================================================== blocks and sections


@dataclass
class Block:
    text: str
    start: int
    end: int
    index: int
    heading: re.Match | None = None
    bullet: bool = False

    @property
    def body_text(self) -> str:
        """Text without the heading number or bullet mark."""
        if self.heading:
            return self.text[self.heading.end() :].strip()
        if self.bullet:
            return BULLET_RE.sub("", self.text, count=1).strip()
        return self.text

    @property
    def body_start(self) -> int:
        if self.heading:
            offset = self.heading.end()
        elif self.bullet:
            offset = BULLET_RE.match(self.text).end()  # type: ignore[union-attr]
        else:
            offset = 0
        while offset < len(self.text) and self.text[offset] == " ":
            offset += 1
        return self.start + offset


def _blocks(text: str) -> list[Block]:
    blocks = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        blocks.append(
            Block(line, offset, offset + len(line), index, HEADING_RE.match(line), _is_bullet(line))
        )
        offset += len(line) + 1
    return blocks


def _heading_level(match: re.Match) -> tuple[int, str]:
    if match["roman"]:
        return 1, match["roman"]
    if match["num"]:
        return 2 + match["num"].count("."), match["num"]
    return 5, match["letter"]


def _part_of(heading: str, *, anchored: bool = False) -> str | None:
    upper = heading.upper()
    for part, pattern in PARTS:
        if (re.match if anchored else re.search)(rf"(?:{pattern})", upper):
            return part
    return None


# ================================================================== targets: the rules

NUM = r"\d+(?:[.,]\d+)?"
PCT_RANGE_RE = re.compile(
    rf"(?<![\d/.,])(?:từ\s+)?(?P<a>{NUM})\s*%?\s*(?:-|–|—|đến|tới)\s*(?P<b>{NUM})\s*%"
)
PCT_RE = re.compile(rf"(?<![\d/.,])(?P<a>{NUM})\s*%")
TIMES_RE = re.compile(
    rf"(?P<verb>còn|xuống|lên|gấp|đạt|giảm|tăng)\s+(?:còn\s+|lên\s+)?"
    rf"(?P<mod>khoảng\s+|dưới\s+|trên\s+|ít nhất\s+)?(?P<a>{NUM})\s*lần\b"
)
COUNT_NOUNS = (
    r"cuộc thi|cuộc|hoạt động|lớp tập huấn|lớp|buổi|hội nghị|hội thảo|tọa đàm|toạ đàm|tin bài|"
    r"tin, bài|tin|bài viết|bài|đợt|chương trình|chuyên đề|lần|sự kiện|phóng sự|ấn phẩm|mô hình|"
    r"câu lạc bộ|chuyến|người|cán bộ|lượt|đơn vị|cơ quan|chi bộ|xã|phường|hộ|gia đình"
)
COUNT_RE = re.compile(
    rf"(?P<mod>ít nhất|tối thiểu|không ít hơn|trên|từ|có|đạt)?\s*(?<![\d/.,])(?P<a>\d{{1,4}})\s+"
    rf"(?P<noun>(?:{COUNT_NOUNS})(?:\s*/\s*(?:{COUNT_NOUNS}))?)\b"
)
PERIODS = {"năm": "year", "tháng": "month", "quý": "quarter"}
PERIOD_RE = re.compile(
    r"(?:mỗi|hàng|hằng|/|một|trên\s+một|trong\s+(?:một|mỗi))\s*(?P<p>năm|tháng|quý)\b"
    r"|định kỳ\s+(?:hàng|hằng|mỗi)\s+(?P<p2>năm|tháng|quý)"
)
ZERO_RE = re.compile(
    r"\bkhông\s+(?:có|để\s+xảy\s+ra|còn|xảy\s+ra)\s+(?!(?:sự\s+)?phân biệt|thay đổi|điều kiện)"
    r"[\w\s,]*?(?:trường hợp|vụ|hành vi|ca|người|cán bộ|công chức|viên chức|CBCCVC|đảng viên|"
    r"hộ|gia đình|tình trạng|bạo lực|vi phạm|tảo hôn|học sinh|trẻ em)",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"(?<![\d/.\-])(?P<y>(?:19|20)\d{2})(?![\d/])")
MAINTAIN_RE = re.compile(
    r"duy\s+trì\b[^;.]{0,90}?(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?(?P<y>(?:19|20)\d{2})",
    re.IGNORECASE,
)
LAW_YEAR_RE = re.compile(
    r"(?:Luật|Bộ luật|Hiến pháp|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kế hoạch|"
    r"Chương trình|Chiến lược|Đề án|Đại hội|nhiệm kỳ|khóa|khoá|giai đoạn)[^;,.]{0,45}$",
)
PAST_CUES = re.compile(
    r"\b(?:đã|đạt được|năm qua|những năm qua|kết quả|hiện nay|hiện có|tính đến|cùng kỳ|"
    r"so với\s+(?:năm|cùng kỳ|kỳ|đầu|trước|giai đoạn|thời điểm)|"
    r"vừa qua|trước đây|qua \d+ năm|bình quân)\b",
    re.IGNORECASE,
)
FUTURE_CUES = re.compile(
    r"\b(?:phấn đấu|mục tiêu|chỉ tiêu|đến năm|vào năm|sẽ|cần|phải|bảo đảm|đảm bảo|duy trì|"
    r"trở lên|ít nhất|tối thiểu)\b",
    re.IGNORECASE,
)
STRONG_CUES = re.compile(r"\b(?:phấn đấu|mục tiêu|chỉ tiêu)\b", re.IGNORECASE)
WEAK_CUES = re.compile(
    r"\b(?:phấn đấu|mục tiêu|chỉ tiêu|đạt|bảo đảm|đảm bảo|ít nhất|tối thiểu|trở lên|"
    r"không dưới|không để|giảm xuống|tăng lên|100%)",
    re.IGNORECASE,
)
QUALIFIER_RE = re.compile(
    r"(?:đơn vị|cơ quan|nơi|ngành|địa phương|xã|phường|doanh nghiệp|trường|tổ chức|lĩnh vực|"
    r"phòng)[^,;.]{0,40}?\s+(?:có|chiếm)\s+(?:tỷ lệ\s+\S+\s+)?(?:từ\s+)?$",
    re.IGNORECASE,
)
CHANGE_RE = re.compile(
    r"(?:(?:tăng|giảm)\s+(?:thêm\s+|được\s+)?(?:bình quân\s+)?|\bthêm\s+)$", re.IGNORECASE
)
RELATIVE_RE = re.compile(
    r"so với\s+(?:năm|cùng kỳ|kỳ|đầu|trước|giai đoạn|thời điểm|mức)", re.IGNORECASE
)
DURATION_AFTER_RE = re.compile(r"^\s*(?:năm|tháng|ngày|tuổi|giờ|phút|tuần)\b")
DECREASE_RE = re.compile(r"\b(?:giảm|hạ|kiềm chế|khống chế|xuống)\b", re.IGNORECASE)
PERIOD_WORDS_RE = re.compile(
    r"\b(?:định kỳ\s+)?(?:hàng|hằng|mỗi)\s+(?P<p>năm|tháng|quý)\b", re.IGNORECASE
)

_I = re.IGNORECASE
GE_BEFORE = re.compile(
    r"(?:không dưới|không thấp hơn|ít nhất|tối thiểu|từ|trên hoặc bằng)\s+(?:là\s+|mức\s+)?$", _I
)
GT_BEFORE = re.compile(r"(?<!không )(?:trên|hơn|vượt|cao hơn|vượt quá mức)\s+$", _I)
LT_BEFORE = re.compile(r"(?<!không )(?:dưới|thấp hơn|ít hơn)\s+(?:mức\s+)?$", _I)
LE_BEFORE = re.compile(
    r"(?:không quá|tối đa|không vượt quá|không cao hơn|không vượt|không trên)\s+(?:mức\s+)?$", _I
)
EQ_BEFORE = re.compile(r"(?:bằng|đúng)\s+$", _I)
APPROX_BEFORE = re.compile(r"(?:khoảng|xấp xỉ|gần|trên dưới|chừng|khoảng chừng)\s+$", _I)
GE_AFTER = re.compile(r"^\s*(?:trở lên|trở lại|hoặc hơn|trở\s+lên)", _I)
LE_AFTER = re.compile(r"^\s*(?:trở xuống|trở\s+xuống)", _I)


@dataclass
class Mention:
    start: int  # within the clause
    end: int
    value: float
    value_max: float | None
    unit: str  # "%", "times", "count"
    comparator: str | None  # explicit comparator read around the value
    approx: bool
    period: str | None = None
    noun: str = ""


def _comparator_around(clause: str, start: int, end: int) -> tuple[str | None, bool]:
    before = clause[max(0, start - 30) : start]
    # Look past "đạt", "là", "lên", "ở mức" to the qualifying word.
    core = re.sub(r"(?:\s*(?:đạt|là|lên|ở mức|mức|được|xuống|còn|tỷ lệ))+\s*$", " ", before)
    after = clause[end : end + 20]
    approx = bool(APPROX_BEFORE.search(core) or APPROX_BEFORE.search(before))
    if LE_BEFORE.search(core):
        return "<=", approx
    if GE_BEFORE.search(core):
        return ">=", approx
    if re.search(r"trên dưới\s+$", core, _I):
        return None, True
    if LT_BEFORE.search(core):
        return "<", approx
    if GE_AFTER.search(after):
        return ">=", approx
    if LE_AFTER.search(after):
        return "<=", approx
    if GT_BEFORE.search(core):
        return ">", approx
    if EQ_BEFORE.search(core):
        return "=", approx
    return None, approx


def _mentions(clause: str) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in PCT_RANGE_RE.finditer(clause):
        a, b = _to_number(m["a"]), _to_number(m["b"])
        if not (0 <= a < b <= 100):
            continue
        cmp_, approx = _comparator_around(clause, m.start(), m.end())
        found.append(Mention(m.start(), m.end(), a, b, "%", "range", approx))
        taken.append((m.start(), m.end()))
    for m in PCT_RE.finditer(clause):
        if not free(m.start(), m.end()):
            continue
        value = _to_number(m["a"])
        if value > 100:
            continue
        cmp_, approx = _comparator_around(clause, m.start(), m.end())
        found.append(Mention(m.start(), m.end(), value, None, "%", cmp_, approx))
        taken.append((m.start(), m.end()))
    if found:
        return sorted(found, key=lambda x: x.start)
    for m in TIMES_RE.finditer(clause):
        value = _to_number(m["a"])
        cmp_, approx = _comparator_around(clause, m.start("a"), m.end())
        mod = (m["mod"] or "").strip()
        if mod == "dưới":
            cmp_ = "<"
        elif mod == "trên":
            cmp_ = ">"
        elif mod == "ít nhất":
            cmp_ = ">="
        elif mod == "khoảng":
            approx = True
        if cmp_ is None and m["verb"] in ("còn", "xuống", "giảm"):
            cmp_ = "<="
        found.append(Mention(m.start("a"), m.end(), value, None, "times", cmp_, approx))
        taken.append((m.start(), m.end()))
    if found:
        return found
    for m in COUNT_RE.finditer(clause):
        if not free(m.start("a"), m.end()):
            continue
        period = PERIOD_RE.search(clause, m.end()) or PERIOD_WORDS_RE.search(clause)
        p = (
            PERIODS[(period.group("p") or period.groupdict().get("p2") or "").lower()]
            if (period)
            else None
        )
        mod = (m["mod"] or "").strip().lower()
        if p is None and mod not in ("ít nhất", "tối thiểu", "không ít hơn", "có", "đạt"):
            continue
        value = _to_number(m["a"])
        cmp_ = ">" if mod == "trên" else ">="
        found.append(
            Mention(m.start("a"), m.end(), value, None, "count", cmp_, False, p, m["noun"])
        )
        taken.append((m.start(), m.end()))
    return found


def _years(clause: str, plan_start: int | None) -> tuple[list[tuple[int, int]], int | None, list]:
    """Milestone years (position, year), the maintain-until year, and the positions of
    years that mark results already achieved."""
    maintain = None
    maintain_spans: list[tuple[int, int]] = []
    for m in MAINTAIN_RE.finditer(clause):
        maintain = int(m["y"])
        maintain_spans.append((m.start("y"), m.end("y")))
    years: list[tuple[int, int]] = []
    past: list[int] = []
    for m in YEAR_RE.finditer(clause):
        if (m.start(), m.end()) in maintain_spans:
            continue
        before = clause[max(0, m.start() - 50) : m.start()]
        if re.search(r"(?:-|–|—)\s*$", before) and re.search(r"\d{4}\s*(?:-|–|—)\s*$", before):
            continue  # the second year of "2021-2025"
        span = re.match(r"\s*(?:-|–|—|đến)\s*(?:năm\s+)?(?P<y2>\d{4})", clause[m.end() :])
        if span:
            # "giai đoạn 2021-2025", "nhiệm kỳ 2020-2025": a span, not a milestone; a span
            # over before the plan starts tells of results.
            if plan_start is not None and int(span["y2"]) < plan_start:
                past.append(m.start())
            continue
        target_prefix = re.search(r"(?:đến|vào|tới|trước|hết|cuối)\s+(?:năm\s+)?$", before)
        if LAW_YEAR_RE.search(before) and not target_prefix:
            continue  # "Bộ luật Lao động năm 2019", "nhiệm kỳ 2021": the name of something
        if target_prefix:
            years.append((m.start(), int(m["y"])))
            continue
        year = int(m["y"])
        if plan_start is not None and year < plan_start:
            past.append(m.start())
            continue
        if re.search(r"(?:năm|Năm)\s+$", before) or re.search(r"^\s*[:,]", clause[m.end() :]):
            years.append((m.start(), year))
    return years, maintain, past


def _split_subjects(clause: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Split a clause holding several levels into one part per level, at the last ", " or
    " và " between two levels (one subject each: "tỷ lệ A đạt 30%, tỷ lệ B đạt 40%")."""
    cuts = [0]
    for prev, nxt in zip(mentions, mentions[1:], strict=False):
        gap = clause[prev.end : nxt.start]
        best = None
        for m in re.finditer(r",\s+|\s+và\s+|\s+còn\s+", gap):
            best = m
        cuts.append(prev.end + (best.end() if best else 0))
    cuts.append(len(clause))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


# ================================================================== indicator suggestion

# Words a plan uses for each indicator of the catalogue, beyond the indicator's own name.
# (phrase, weight): a phrase that names one indicator alone weighs more.
INDICATOR_SYNONYMS: dict[str, tuple[tuple[str, float], ...]] = {
    "ty-le-nu-lanh-dao": (
        ("lãnh đạo", 1.5),
        ("quản lý", 1),
        ("bổ nhiệm", 1.5),
        ("chức vụ", 1),
        ("lãnh đạo, quản lý", 1),
    ),
    "ty-le-nu-quy-hoach": (("quy hoạch", 4), ("diện quy hoạch", 2), ("nguồn", 0.5)),
    "ty-le-nu-cap-uy": (("cấp ủy", 3), ("cấp uỷ", 3), ("ủy viên", 1), ("ban chấp hành", 2)),
    "ty-le-nu-cbccvc-la-dang-vien": (("kết nạp đảng", 3), ("đảng viên", 3), ("vào đảng", 2)),
    "ty-le-nu-ket-nap-dang": (("trong số người được kết nạp", 4), ("được kết nạp", 1)),
    "ty-le-co-quan-lanh-dao-nu": (
        ("lãnh đạo chủ chốt là nữ", 3),
        ("có lãnh đạo", 2),
        ("chính quyền địa phương", 3),
        ("cơ quan quản lý nhà nước", 3),
        ("tham gia quản lý là nữ", 3),
    ),
    "ty-le-don-vi-lanh-dao-nu": (("đơn vị trực thuộc có", 3), ("phòng có lãnh đạo", 3)),
    "ty-le-nu-dbqh": (("quốc hội", 4),),
    "ty-le-nu-dai-bieu-hdnd": (("hđnd", 4), ("hội đồng nhân dân", 4)),
    "ty-le-nu-cbccvc": (("tỷ lệ nữ trong tổng số", 1), ("cbccvc", 0.3)),
    "ty-le-nu-bo-tri-phu-hop": (("bố trí việc làm", 3), ("phù hợp với trình độ", 3), ("bố trí", 1)),
    "ty-le-nu-tuyen-dung": (("tuyển dụng", 4),),
    "ty-le-nu-chuyen-vien-chinh": (("chuyên viên chính", 4), ("ngạch", 1)),
    "ty-le-nu-lam-cong-huong-luong": (("hưởng lương", 4), ("làm công", 1)),
    "ty-trong-nu-nong-nghiep": (("nông nghiệp", 4), ("nông, lâm", 3)),
    "ty-le-nu-chu-doanh-nghiep": (("doanh nghiệp", 3), ("hợp tác xã", 3), ("chủ", 0.5)),
    "so-vu-bao-luc-gia-dinh": (("bạo lực gia đình", 4), ("bạo lực", 2)),
    "ty-le-nu-kham-suc-khoe": (
        ("khám sức khỏe", 4),
        ("khám sức khoẻ", 4),
        ("kiểm tra sức khỏe", 4),
        ("kiểm tra sức khoẻ", 4),
        ("phụ khoa", 3),
    ),
    "ty-le-nghi-kham-thai": (("khám thai", 5), ("mang thai", 2)),
    "ty-le-nao-pha-thai": (("phá thai", 5), ("nạo", 2)),
    "ty-le-nu-duoc-boi-duong": (
        ("bồi dưỡng", 3.5),
        ("đào tạo", 2),
        ("nâng cao trình độ", 1.5),
        ("tập huấn", 1),
    ),
    "ty-le-nu-trong-so-boi-duong": (("trong số người được đào tạo", 5),),
    "ty-le-nu-ngoai-ngu": (("ngoại ngữ", 2.5), ("giao tiếp", 3), ("chứng chỉ ngoại ngữ", 2)),
    "ty-le-tap-huan-binh-dang-gioi": (
        ("tập huấn", 2),
        ("quán triệt", 2),
        ("về bình đẳng giới", 1),
        ("lồng ghép giới", 1.5),
    ),
    "so-hoat-dong-truyen-thong": (
        ("truyền thông", 2.5),
        ("tuyên truyền", 2),
        ("hoạt động", 1),
        ("hội nghị", 1),
        ("tọa đàm", 1),
        ("toạ đàm", 1),
    ),
    "so-bai-viet": (
        ("tin, bài", 4),
        ("tin bài", 4),
        ("bài viết", 4),
        ("trang thông tin", 2),
        ("cổng thông tin", 2),
    ),
}
COUNT_INDICATORS = {"so-vu-bao-luc-gia-dinh", "so-hoat-dong-truyen-thong", "so-bai-viet"}
INDICATOR_DOMAIN = {
    "ty-le-nu-lanh-dao": "chinh-tri",
    "ty-le-nu-quy-hoach": "chinh-tri",
    "ty-le-nu-cap-uy": "chinh-tri",
    "ty-le-nu-cbccvc-la-dang-vien": "chinh-tri",
    "ty-le-nu-ket-nap-dang": "chinh-tri",
    "ty-le-co-quan-lanh-dao-nu": "chinh-tri",
    "ty-le-don-vi-lanh-dao-nu": "chinh-tri",
    "ty-le-nu-dbqh": "chinh-tri",
    "ty-le-nu-dai-bieu-hdnd": "chinh-tri",
    "ty-le-nu-cbccvc": "kinh-te",
    "ty-le-nu-bo-tri-phu-hop": "kinh-te",
    "ty-le-nu-tuyen-dung": "kinh-te",
    "ty-le-nu-chuyen-vien-chinh": "kinh-te",
    "ty-le-nu-lam-cong-huong-luong": "kinh-te",
    "ty-trong-nu-nong-nghiep": "kinh-te",
    "ty-le-nu-chu-doanh-nghiep": "kinh-te",
    "so-vu-bao-luc-gia-dinh": "gia-dinh",
    "ty-le-nu-kham-suc-khoe": "y-te",
    "ty-le-nghi-kham-thai": "y-te",
    "ty-le-nao-pha-thai": "y-te",
    "ty-le-nu-duoc-boi-duong": "giao-duc",
    "ty-le-nu-trong-so-boi-duong": "giao-duc",
    "ty-le-nu-ngoai-ngu": "giao-duc",
    "ty-le-tap-huan-binh-dang-gioi": "giao-duc",
    "so-hoat-dong-truyen-thong": "truyen-thong",
    "so-bai-viet": "truyen-thong",
}
# Indicators a plan names together in one clause ("nữ đại biểu Quốc hội, HĐND các cấp"):
# one target each, so each is measured on its own.
SPLIT_GROUPS = (("ty-le-nu-dbqh", "ty-le-nu-dai-bieu-hdnd"),)
_NAME_STOP = frozenset(
    "tỷ lệ trọng nữ trong số của được có là các và với về cho người tổng ít nhất một".split()
)


def indicator_scores(
    text: str, names: dict[str, str] | None = None, *, unit: str | None = None
) -> list[tuple[str, float]]:
    """Indicator codes ranked by how well `text` matches their synonyms (and names, when
    given: code → name from the catalogue), each with a score in 0..1."""
    low = _nfc(text).lower()
    words = set(re.findall(r"\w+", low))
    scores: dict[str, float] = {}
    for code, phrases in INDICATOR_SYNONYMS.items():
        score = sum(weight for phrase, weight in phrases if phrase in low)
        if names and code in names:
            name_words = set(re.findall(r"\w+", names[code].lower())) - _NAME_STOP
            if name_words:
                score += 1.5 * len(name_words & words) / len(name_words)
        if unit == "%" and code in COUNT_INDICATORS and code != "so-vu-bao-luc-gia-dinh":
            score *= 0.3
        if unit in ("count",) and code not in COUNT_INDICATORS:
            score *= 0.5
        if score > 0:
            scores[code] = score
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    return [(code, min(1.0, score / 5)) for code, score in ranked]


def suggest_indicator(
    text: str, names: dict[str, str] | None = None, *, unit: str | None = None
) -> tuple[str | None, float]:
    ranked = indicator_scores(text, names, unit=unit)
    if not ranked or ranked[0][1] < 0.3:
        return None, 0.0
    return ranked[0]


# ================================================================== the extractor


LEAD_VERBS = (
    r"phối hợp|chủ trì|có trách nhiệm|chịu trách nhiệm|tham mưu|xây dựng|thực hiện|triển khai|"
    r"tổ chức|giám sát|căn cứ|xem xét|quan tâm|chỉ đạo|chú ý|theo dõi|đề xuất|hướng dẫn|"
    r"kiểm tra|rà soát|phát hiện|bố trí|xác định|nghiên cứu|lập|cử|báo cáo|tuyên truyền|"
    r"đôn đốc|là cơ quan|được giao|bảo đảm|đảm bảo|thường xuyên|ban hành|cung cấp|phổ biến|"
    r"tiếp tục|chủ động|tập trung|hỗ trợ|lồng ghép|đẩy mạnh|tăng cường|nâng cao|quản lý|"
    r"giúp|trình|tổng hợp|rà soát"
)
UNIT_HEAD = (
    rf"(?:Văn phòng|Ban(?=\s+[{UPPER}])|Phòng(?=\s+(?:[{UPPER}]|chuyên môn))|Sở(?=\s+[{UPPER}])|"
    rf"Công đoàn|Tổ(?=\s+(?:nữ|công|[{UPPER}]))|Chi bộ|Chi đoàn|Chi hội|Đảng ủy|Đảng uỷ|Cấp ủy|"
    rf"Cấp uỷ|Đoàn(?=\s+[{UPPER}])|Hội(?=\s+[{UPPER}])|Trung tâm|UBND|Ủy ban|Uỷ ban|Thanh tra|"
    rf"Lãnh đạo|Người đứng đầu|Thủ trưởng|Giám đốc|Chủ tịch|Tổ chức(?=\s+(?:[{UPPER}]|đoàn))|"
    rf"Các(?=\s+(?:phòng|đơn vị|cơ quan|tổ chức|đoàn thể|Sở|ban|sở|hội|chi))|Bộ phận|Cơ quan|"
    rf"Đơn vị|Hội đồng|Bộ(?=\s+[{UPPER}]))"
)
LEAD_RE = re.compile(
    rf"^(?:(?:Định kỳ\s+)?(?:hàng|hằng)\s+(?:năm|tháng|quý)\s*,\s*|Giao\s+(?:cho\s+)?)?"
    rf"(?P<lead>{UNIT_HEAD}[^.;:()\d]{{0,110}}?)\s*(?::\s*|\s(?={LEAD_VERBS})(?:{LEAD_VERBS}))"
)
COOP_RE = re.compile(
    rf"\bphối hợp(?:\s+chặt chẽ)?\s+(?:với\s+)?(?P<coop>[^.;:()]{{3,120}}?)\s+"
    rf"(?=(?!tổ chức\s+(?:đoàn|Công|Nữ|[{UPPER}]))(?:{LEAD_VERBS})|để|trong|nhằm)"
)
DEADLINE_RE = re.compile(r"\btrước\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?!\s*/\s*\d)")
SCHEDULE_DATE_RE = re.compile(
    r"\((?:ngày\s+)?(?P<dm>\d{1,2}/\d{1,2})\)|\b(?:từ\s+(?:ngày\s+)?)(?P<r>\d{1,2}/\d{1,2}"
    r"(?:/\d{4})?\s*(?:-|–|đến(?:\s+ngày)?)\s*\d{1,2}/\d{1,2})|\((?P<month>tháng\s+\d{1,2})\)"
)


class _Reader:
    def __init__(self, text: str, source_kind: str, indicator_names: dict[str, str] | None):
        self.text = text
        self.names = indicator_names
        self.result = Extraction(text=text, source_kind=source_kind)
        self.blocks = _blocks(text)

    # --- helpers ---------------------------------------------------------------------
    def item(self, block: Block, start: int | None = None, end: int | None = None) -> Item:
        s = block.start if start is None else start
        e = block.end if end is None else end
        return Item(self.text[s:e], s, e)

    # --- header ----------------------------------------------------------------------
    def read_header(self) -> int:
        """Header fields; returns the index of the first block after the title."""
        r = self.result
        type_index = None
        for block in self.blocks[:60]:
            if TYPE_LINE_RE.match(block.text):
                type_index = block.index
                r.doc_type = Item(block.text.split("\n")[0], block.start, block.end)
                break
        header_end = type_index if type_index is not None else min(len(self.blocks), 12)
        left: list[tuple[Block, str]] = []
        for block in self.blocks[:header_end]:
            line = block.text
            # The two header columns often come out on one line from a PDF.
            cut = re.search(r"CỘNG\s+H[ÒO]A|Độc\s+lập\s*[-–]", line)
            left_text = line[: cut.start()].strip() if cut else line
            if left_text:
                left.append((block, left_text))
            if r.number is None:
                m = NUMBER_RE.search(line)
                if m:
                    value = f"{m['n']}/{m['s']}" if m["n"] else f"/{m['s']}"
                    r.number = Item(
                        value,
                        block.start + m.start("s") - (len(m["n"]) + 1 if m["n"] else 1),
                        block.start + m.end("s"),
                    )
                    r.number.text = self.text[r.number.start : r.number.end]
                    r.number.text = re.sub(r"\s+", "", r.number.text)
        self.read_date(self.blocks[: header_end + 3] if type_index is not None else self.blocks)
        # Agency: upper-case lines of the left column before "Số:" (the first may be the
        # governing body, e.g. "UBND TỈNH HÀ TĨNH").
        caps = []
        for block, line in left:
            if NUMBER_RE.search(line) or line.startswith("Số"):
                break
            if _is_caps(line) and not re.match(r"^(?:CỘNG|ĐỘC LẬP|KẾ HOẠCH)", line):
                caps.append((block, line))
        if caps:
            governing_pattern = r"^(?:UBND|ỦY BAN|UỶ BAN|BỘ|TỈNH ỦY|HĐND|ĐẢNG BỘ|BAN CHẤP HÀNH)"
            if len(caps) >= 2 and re.match(governing_pattern, caps[0][1]):
                r.governing_body = caps[0][1]
                caps = caps[1:]
            block, line = caps[0]
            start = block.start + block.text.find(line)
            name = " ".join(c[1] for c in caps) if len(caps) <= 2 else line
            r.agency = Item(name, start, start + len(line))
        if type_index is None:
            return 0
        # Title: the paragraph after "KẾ HOẠCH", and a short second one if it follows.
        index = type_index + 1
        title_blocks = []
        while index < len(self.blocks) and len(title_blocks) < 3:
            block = self.blocks[index]
            index += 1
            if not block.text or re.fullmatch(r"[-_–—=*.\s]+", block.text):
                if title_blocks:
                    break
                continue
            if title_blocks and (
                re.match(r"^(?:Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo)\b", block.text)
                or block.heading
                or len(block.text) > 80
            ):
                index -= 1
                break
            title_blocks.append(block)
            if block.text.endswith((".", ":")) or len(block.text) > 80:
                break
        if title_blocks:
            first, last = title_blocks[0], title_blocks[-1]
            if len(title_blocks) == 1:
                r.title = self.item(first)
            else:
                r.title = Item(" ".join(b.text for b in title_blocks), first.start, last.end)
        return index

    def read_date(self, blocks: Iterable[Block]) -> None:
        r = self.result
        for block in blocks:
            m = DATE_RE.search(block.text)
            if not m:
                continue
            place = m["place"].strip()
            place = re.split(r"\s{2,}|VIỆT NAM|Hạnh phúc", place)[-1].strip()
            r.place = place
            r.date_item = Item(m.group(0), block.start + m.start(), block.start + m.end())
            if m["d"] and m["m"] and m["d"][0].isdigit() and m["m"][0].isdigit():
                r.issued_on = _date(m["d"], m["m"], m["y"])
            return

    # --- period ------------------------------------------------------------------------
    def read_period(self) -> None:
        r = self.result
        sources = [r.title.text] if r.title else []
        closing = next(
            (b.text for b in self.blocks if b.text.startswith("Trên đây là Kế hoạch")), None
        )
        if closing:
            sources.append(closing)
        for text in sources:
            m = re.search(
                r"(?:từ\s+)?(?:ngày\s+)?(?P<d1>\d{1,2})/(?P<m1>\d{1,2})(?:/(?P<y1>\d{4}))?\s*"
                r"(?:-|–|—|đến)\s*(?:ngày\s+)?(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})",
                text,
            )
            if m:
                y2 = int(m["y2"])
                y1 = int(m["y1"]) if m["y1"] else y2
                r.campaign_start = _date(m["d1"], m["m1"], str(y1))
                r.campaign_end = _date(m["d2"], m["m2"], str(y2))
                r.period_start, r.period_end, r.kind = y1, y2, "campaign"
                return
            m = re.search(
                r"(?:giai đoạn|thời kỳ|từ năm|từ)\s+(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|đến)\s*"
                r"(?:năm\s+)?(?P<b>(?:19|20)\d{2})",
                text,
            )
            if m and int(m["a"]) <= int(m["b"]):
                r.period_start, r.period_end = int(m["a"]), int(m["b"])
                r.kind = "multi_year" if r.period_end > r.period_start else "annual"
                return
            m = re.search(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b", text)
            if m:
                r.period_start = r.period_end = int(m["y"])
                r.kind = "annual"
                if re.search(r"tháng hành động", text, re.IGNORECASE):
                    r.kind = "campaign"
                return
            m = re.search(r"\bđến năm\s+(?P<y>(?:19|20)\d{2})\b", text)
            if m:
                r.period_end = int(m["y"])
                r.period_start = r.issued_on.year if r.issued_on else None
                r.kind = "multi_year"
                return
        if r.issued_on and r.period_start is None:
            r.period_start = r.period_end = r.issued_on.year
            r.kind = "annual"

    # --- preamble ------------------------------------------------------------------------
    def read_preamble(self, start_index: int) -> int:
        """Blocks between the title and the first heading: references and legal bases."""
        r = self.result
        index = start_index
        preamble: list[Block] = []
        while index < len(self.blocks):
            block = self.blocks[index]
            if block.heading or RECIPIENTS_RE.match(block.text):
                break
            if block.text:
                preamble.append(block)
            index += 1
        if not preamble:
            return index
        # The block that announces the plan ("… xây dựng kế hoạch … như sau:") is the
        # reference to what it implements; other "Căn cứ …" blocks are legal bases.
        announce = None
        for block in preamble:
            if re.search(
                r"như sau\s*:?\s*$|xây dựng\s+(?:kế hoạch|Kế hoạch)|ban hành\s+Kế hoạch", block.text
            ):
                announce = block
        if announce is None:
            announce = next(
                (b for b in preamble if re.match(r"^(?:Thực hiện|Căn cứ)", b.text)), preamble[0]
            )
        r.parent_reference = self.item(announce)
        for block in preamble:
            if block is not announce and re.match(r"^(?:Căn cứ|Thực hiện|Theo)", block.text):
                r.legal_bases.append(self.item(block))
        for block in preamble:
            for m in NAMED_DOC_RE.finditer(block.text):
                if not re.search(r"[A-ZĐ]{2}", m["n"]):
                    continue
                kind = m["kind"]
                if kind is None:
                    before = block.text[max(0, m.start() - 40) : m.start()]
                    km = re.findall(
                        r"(Kế hoạch|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Nghị định)", before
                    )
                    kind = km[-1] if km else ("Kế hoạch" if "/KH-" in m["n"] else None)
                date = None
                if m["date"]:
                    d, mo, y = m["date"].split("/")
                    parsed = _date(d, mo, y)
                    date = parsed.isoformat() if parsed else None
                r.references.append(
                    ReferenceOut(
                        kind or "Văn bản",
                        m["n"],
                        date,
                        (m["issuer"] or "").strip() or None,
                        m.group(0).strip(),
                        block.start + m.start(),
                        block.start + m.end(),
                    )
                )
        return index

    # --- body ----------------------------------------------------------------------------
    def read_body(self, start_index: int) -> None:
        r = self.result
        part: str | None = None
        level_parts: dict[int, str | None] = {}
        domain: str | None = None
        section_index: int | None = None
        section_lead: str | None = None
        general = False
        index = start_index
        self.has_objectives = any(
            b.heading and _part_of(b.body_text) == "objectives" for b in self.blocks
        )
        pending_targets: list[TargetOut] = []
        while index < len(self.blocks):
            block = self.blocks[index]
            index += 1
            if not block.text:
                continue
            if RECIPIENTS_RE.match(block.text):
                self.read_footer(block.index)
                break
            if block.text.startswith("Trên đây là") or block.text.endswith("./."):
                r.closing = self.item(block)
                continue
            if block.heading:
                level, number = _heading_level(block.heading)
                heading = block.body_text
                # A top heading ("II. NỘI DUNG …") names its part anywhere in it; a deeper one
                # ("1. Mục đích", "4. Tổ chức thực hiện") only when it starts with the name.
                found = _part_of(heading, anchored=level > 1) if len(heading) < 90 else None
                for deeper in [k for k in level_parts if k >= level]:
                    del level_parts[deeper]
                inherited = next((level_parts[k] for k in sorted(level_parts, reverse=True)), None)
                part = found or inherited or ("other" if level == 1 else None)
                level_parts[level] = part
                if level == 1 or found:
                    domain = None
                if part == "objectives":
                    if re.search(r"tổng quát|\bchung\b", heading, re.IGNORECASE):
                        general = True
                    elif level == 1 or re.search(r"cụ thể|chỉ tiêu", heading, re.IGNORECASE):
                        general = False
                    d = _domain_of_heading(heading) if level > 1 else None
                    if d:
                        domain = d
                section = SectionOut(
                    number=number,
                    heading=heading,
                    part=part or "content",
                    level=level,
                    start=block.start,
                    end=block.end,
                )
                r.sections.append(section)
                section_index = len(r.sections) - 1
                section_lead = None
                if part in ("content", "solutions", "organization", None, "other", "funding"):
                    lead = self._lead(heading)
                    sentence_like = heading.endswith((".", ";")) and not _is_caps(heading)
                    if lead or (sentence_like and self._no_body(index)):
                        task = self._task(block, heading, block.body_start, section_index, lead)
                        r.tasks.append(task)
                        section_lead = lead if part == "organization" else None
                # A heading can state a target itself ("a) Tỷ lệ nữ … đạt 30%").
                self._targets_in(block, part, domain, general, pending_targets)
                continue
            if part == "results":
                continue
            if r.sections:
                r.sections[section_index].body.append(block.text)  # type: ignore[index]
            if part == "purpose":
                heading = r.sections[section_index].heading if section_index is not None else ""
                bucket = (
                    r.requirements if re.search("yêu cầu", heading, re.IGNORECASE) else r.purpose
                )
                bucket.append(self.item(block))
            elif part == "objectives" and general and r.general_objective is None:
                r.general_objective = self.item(block)
            elif part == "objectives" and general and r.general_objective is not None:
                g = r.general_objective
                r.general_objective = Item(self.text[g.start : block.end], g.start, block.end)
            elif part != "objectives":
                lead = self._lead(block.body_text) or section_lead
                r.tasks.append(
                    self._task(block, block.body_text, block.body_start, section_index, lead)
                )
            self._targets_in(block, part, domain, general, pending_targets)
            self._duties_in(block, part)
        r.targets = self._dedupe(pending_targets)
        # Reporting is a duty of "Tổ chức thực hiện"; elsewhere only with a deadline.
        if any(d.part == "organization" for d in r.duties):
            r.duties = [d for d in r.duties if d.part == "organization" or d.day is not None]

    def _no_body(self, index: int) -> bool:
        nxt = next((b for b in self.blocks[index:] if b.text), None)
        return nxt is None or bool(nxt.heading) or bool(RECIPIENTS_RE.match(nxt.text))

    def _lead(self, text: str) -> str | None:
        m = LEAD_RE.match(text)
        if not m:
            return None
        lead = m["lead"].strip(" ,")
        if len(lead) < 4 or len(lead) > 110:
            return None
        return lead

    def _task(
        self, block: Block, text: str, start: int, section: int | None, lead: str | None
    ) -> TaskOut:
        task = TaskOut(text=text, start=start, end=block.end, lead=lead, section=section)
        coop = COOP_RE.search(text)
        if coop:
            task.cooperating = coop["coop"].strip(" ,")
        low = text.lower()
        if re.search(r"\b(?:hàng|hằng|mỗi|từng)\s+năm\b", low):
            task.recurrence = "yearly"
        elif re.search(r"\b(?:hàng|hằng|mỗi)\s+tháng\b", low):
            task.recurrence = "monthly"
        elif re.search(r"\b(?:hàng|hằng|mỗi)\s+quý\b", low):
            task.recurrence = "quarterly"
        dates = []
        for m in SCHEDULE_DATE_RE.finditer(text):
            dates.append(
                m["dm"] or m["month"] or re.sub(r"\s*(?:-|–|đến(?:\s+ngày)?)\s*", "–", m["r"])
            )
        for m in DEADLINE_RE.finditer(text):
            dates.append(f"trước {m['d']}/{m['m']}")
        if dates and task.recurrence == "ongoing":
            task.recurrence = "dated"
            task.schedule = "; ".join(dict.fromkeys(dates))[:120]
        return task

    # --- targets ------------------------------------------------------------------------
    def _clauses(self, block: Block) -> list[tuple[int, int]]:
        """(start, end) offsets in the normalised text of the block's clauses."""
        text = self.text[block.body_start : block.end]
        base = block.body_start
        spans = []
        start = 0
        for m in re.finditer(
            rf"(?<=[.!?…])\s+(?=[{UPPER}“\"])|;\s*|(?<=[”\"])\s*|:\s*(?=[“\"])", text
        ):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(text)))
        out = []
        for s, e in spans:
            piece = text[s:e]
            lead = len(piece) - len(piece.lstrip(" -–“\"'"))
            trail = len(piece.rstrip(" ,;:”\"'")) if piece.strip() else 0
            if trail > lead:
                out.append((base + s + lead, base + s + trail))
        return out

    def _eligible(self, clause: str, context: str, part: str | None) -> bool:
        if part in ("results", "funding", "purpose"):
            return bool(STRONG_CUES.search(clause)) and part == "purpose"
        if PAST_CUES.search(clause) and not FUTURE_CUES.search(clause):
            return False
        if part == "objectives":
            return True
        # Elsewhere (tasks, a plan without an objectives part) a level is a target only in
        # the words of a commitment; a restated objective is dropped later (_dedupe).
        return bool(WEAK_CUES.search(context))

    def _targets_in(
        self,
        block: Block,
        part: str | None,
        domain: str | None,
        general: bool,
        out: list[TargetOut],
    ) -> None:
        r = self.result
        objective_clauses: list[tuple[int, int]] = []
        for cs, ce in self._clauses(block):
            clause = self.text[cs:ce]
            context = self.text[block.start : ce]
            targets = self._targets_of_clause(clause, cs, context, part, domain)
            if targets:
                out.extend(targets)
            elif part == "objectives" and not general and not block.heading:
                objective_clauses.append((cs, ce))
        for cs, ce in objective_clauses:
            clause = self.text[cs:ce]
            if len(clause) < 12:
                continue
            code, score = suggest_indicator(clause, self.names)
            # Qualitative lines get an indicator only when they name a measured quantity.
            if code and not re.search(r"tỷ lệ|tỷ trọng|số\s", clause):
                code, score = None, 0.0
            r.objectives.append(
                ObjectiveOut(
                    clause,
                    cs,
                    ce,
                    domain or (INDICATOR_DOMAIN.get(code) if code else _domain_of_text(clause)),
                    code,
                    score,
                )
            )

    def _targets_of_clause(
        self, clause: str, offset: int, context: str, part: str | None, domain: str | None
    ) -> list[TargetOut]:
        if not self._eligible(clause, context, part):
            return []
        raw_mentions = _mentions(clause)
        mentions = [m for m in raw_mentions if self._keep_mention(clause, m)]
        plan_start = self.result.period_start
        years, maintain, past = _years(clause, plan_start)
        if past:
            # A year before the plan ("Năm 2019, … đạt 30%", "giai đoạn 2016-2020") makes
            # what follows it a result, up to a target year.
            later = [pos for pos, _ in years]
            mentions = [
                m
                for m in mentions
                if not any(p < m.start and not any(p < y < m.start for y in later) for p in past)
            ]
        if not mentions and not raw_mentions:
            mentions = self._frequency_or_zero(clause, part, context)
            if not mentions:
                return []
        # Several levels and as many years: one target with a milestone each.
        if len(mentions) > 1 and len(years) == len(mentions) and len({y for _, y in years}) > 1:
            groups = [(0, len(clause), mentions, years)]
        elif len(mentions) == 1:
            groups = [(0, len(clause), mentions, years)]
        else:
            groups = []
            for s, e in _split_subjects(clause, mentions):
                ms = [m for m in mentions if s <= m.start < e]
                ys = [y for y in years if s <= y[0] < e] or [
                    y for y in years if y[0] < mentions[0].start
                ]
                if ms:
                    groups.append((s, e, ms, ys))
        targets = []
        for s, e, ms, ys in groups:
            piece_start = s + (len(clause[s:e]) - len(clause[s:e].lstrip(" ,")))
            piece_end = s + len(clause[s:e].rstrip(" ,;"))
            text = clause[piece_start:piece_end]
            first = ms[0]
            comparator = first.comparator
            if comparator is None:
                before = clause[s : first.start]
                comparator = "<=" if DECREASE_RE.search(before) else ">="
            unit = first.unit
            milestones: list[MilestoneOut] = []
            if len(ms) > 1 and len(ys) == len(ms):
                for m, (_, y) in zip(ms, ys, strict=True):
                    milestones.append(MilestoneOut(y, m.value, m.value_max))
            else:
                year = ys[-1][1] if ys else None
                if len(ys) > 1:
                    # Several years, one level: the level is for the first year stated.
                    year = ys[0][1]
                milestones.append(MilestoneOut(year, first.value, first.value_max))
            period = first.period
            if comparator == "zero":
                unit = "count"
            elif first.unit == "count" and period:
                comparator = "per_period"
            maintain_until = maintain if any(m.year for m in milestones) else None
            if (
                maintain_until is not None
                and milestones[-1].year
                and maintain_until <= max(m.year or 0 for m in milestones)
            ):
                maintain_until = None
            code, score = suggest_indicator(text, self.names, unit=unit)
            target_domain = (
                domain or (INDICATOR_DOMAIN.get(code) if code else None) or (_domain_of_text(text))
            )
            base = TargetOut(
                text=text,
                start=offset + piece_start,
                end=offset + piece_end,
                domain=target_domain,
                comparator=comparator,
                unit=unit,
                approx=first.approx,
                milestones=milestones,
                maintain_until=maintain_until,
                period=period if comparator == "per_period" else None,
                indicator=code,
                indicator_score=score,
                count_noun=first.noun,
                in_objectives=part == "objectives",
            )
            targets.extend(self._split_by_indicator(base))
        return targets

    def _split_by_indicator(self, target: TargetOut) -> list[TargetOut]:
        ranked = dict(indicator_scores(target.text, self.names, unit=target.unit))
        for group in SPLIT_GROUPS:
            present = [code for code in group if ranked.get(code, 0) >= 0.6]
            if len(present) > 1:
                out = []
                for code in present:
                    copy = TargetOut(**{**asdict(target), "milestones": target.milestones})
                    copy.indicator, copy.indicator_score = code, ranked[code]
                    out.append(copy)
                return out
        return [target]

    def _keep_mention(self, clause: str, m: Mention) -> bool:
        before = clause[max(0, m.start - 60) : m.start]
        if QUALIFIER_RE.search(before):
            return False  # "các đơn vị có từ 50% … trở lên": which units, not how many
        if m.unit == "%" and CHANGE_RE.search(before):
            return False  # "tăng 5%": a change, not a level
        if RELATIVE_RE.search(clause[m.end : m.end + 40]) or RELATIVE_RE.search(before[-40:]):
            return False  # "tăng 5% so với năm trước": measured against a past level
        if re.search(r"chiếm\s+(?:khoảng\s+)?$", before) and not FUTURE_CUES.search(clause):
            return False
        if DURATION_AFTER_RE.match(clause[m.end : m.end + 8]):
            return False
        return True

    def _frequency_or_zero(self, clause: str, part: str | None, context: str) -> list[Mention]:
        committed = part == "objectives" or STRONG_CUES.search(context)
        if not committed:
            return []
        zero = ZERO_RE.search(clause)
        if zero:
            return [Mention(zero.start(), zero.end(), 0, None, "count", "zero", False)]
        if part != "objectives":
            return []
        period = PERIOD_WORDS_RE.search(clause)
        if period:
            return [
                Mention(
                    period.start(),
                    period.end(),
                    1,
                    None,
                    "count",
                    ">=",
                    False,
                    PERIODS[period["p"].lower()],
                )
            ]
        return []

    def _dedupe(self, targets: list[TargetOut]) -> list[TargetOut]:
        """A target stated again outside the objectives (a task restating it) is one target."""
        kept: list[TargetOut] = []
        for t in targets:
            key = (t.comparator, tuple((m.year, m.value, m.value_max) for m in t.milestones))
            duplicate = False
            for k in kept:
                same_values = key == (
                    k.comparator,
                    tuple((m.year, m.value, m.value_max) for m in k.milestones),
                )
                if not same_values or (t.start, t.end) == (k.start, k.end):
                    continue
                if t.in_objectives and k.in_objectives:
                    continue
                words_t = set(re.findall(r"\w+", t.text.lower()))
                words_k = set(re.findall(r"\w+", k.text.lower()))
                overlap = len(words_t & words_k) / max(1, len(words_t | words_k))
                if (t.indicator and t.indicator == k.indicator) or overlap >= 0.6:
                    duplicate = True
                    break
            if not duplicate:
                kept.append(t)
        return kept

    # --- reporting ------------------------------------------------------------------------
    def _duties_in(self, block: Block, part: str | None) -> None:
        text = block.body_text
        if not re.search(r"báo cáo", text, re.IGNORECASE):
            return
        low = text.lower()
        recipient = ""
        m = re.search(
            r"\b(?:gửi(?:\s+về)?|về|cho)\s+(?P<to>(?:Ban|Sở|UBND|Ủy ban|Uỷ ban|Văn phòng|Chi bộ|"
            r"Phòng|Cơ quan|Thường trực)[^.;()]{3,120}?)(?=\s+(?:để|theo|trước|qua)\b|[.;(]|$)",
            text,
        )
        if m:
            recipient = m["to"].strip(" ,")
        found = []
        for d in DEADLINE_RE.finditer(text):
            after = low[d.end() : d.end() + 60]
            before = low[max(0, d.start() - 60) : d.start()]
            if "sơ kết" in after or "6 tháng" in after:
                kind = "mid_year"
            elif "tổng kết" in after or "năm" in after:
                kind = "annual"
            elif "sơ kết" in before or "6 tháng" in before:
                kind = "mid_year"
            elif "tổng kết" in before:
                kind = "annual"
            else:
                kind = "other"
            found.append(
                DutyOut(
                    kind,
                    int(d["d"]),
                    int(d["m"]),
                    recipient,
                    text,
                    block.body_start,
                    block.end,
                    part,
                )
            )
        if not found and recipient:
            kinds = []
            if "sơ kết" in low:
                kinds.append("mid_year")
            if "tổng kết" in low:
                kinds.append("annual")
            if not kinds and re.search(r"định kỳ|hàng năm|hằng năm", low):
                kinds.append("other")
            for kind in kinds:
                found.append(
                    DutyOut(kind, None, None, recipient, text, block.body_start, block.end, part)
                )
        for duty in found:
            same = next(
                (
                    d
                    for d in self.result.duties
                    if (d.kind, d.day, d.month) == (duty.kind, duty.day, duty.month)
                ),
                None,
            )
            if same is None:
                self.result.duties.append(duty)
            elif same.part != "organization" and duty.part == "organization":
                self.result.duties[self.result.duties.index(same)] = duty

    # --- footer -----------------------------------------------------------------------------
    def read_footer(self, index: int) -> None:
        r = self.result
        blocks = [b for b in self.blocks[index:] if b.text]
        signer_lines: list[Block | Item] = []
        first = blocks[0]
        rest = RECIPIENTS_RE.sub("", first.text, count=1).strip()
        if rest:
            signer_lines.append(Item(rest, first.end - len(rest), first.end))
        in_list = True
        for block in blocks[1:]:
            line = block.text
            if in_list and _is_bullet(line):
                # "- Như trên; GIÁM ĐỐC": the signer column printed on the same line.
                m = re.search(
                    r"[;.]\s+(?P<caps>(?:KT\.|TM\.|TL\.|Q\.)?\s*[A-ZĐ][A-ZĐ\s.]{3,})$", line
                )
                end = block.end
                if m and _is_caps(m["caps"]):
                    end = block.start + m.start("caps")
                    signer_lines.append(Item(m["caps"].strip(), end, block.end))
                kept = line[: end - block.start].rstrip()
                r.recipients.append(Item(kept, block.start, block.start + len(kept)))
                continue
            in_list = False
            signer_lines.append(Item(line, block.start, block.end))
        lines = [
            s
            for s in signer_lines
            if not re.fullmatch(r"\(?(?:Đã ký|đã ký|Ký|ký)[^)]*\)?|[-_.\s]+", s.text)
        ]
        for s in lines:
            text = s.text
            if re.match(r"^(?:KT|TM|TL|TUQ|Q|Q\.)\.?\s", text) and r.signer_authority is None:
                r.signer_authority = Item(text, s.start, s.end)
            elif _is_caps(text) and r.signer_title is None:
                r.signer_title = Item(text, s.start, s.end)
        if lines:
            last = lines[-1]
            if not _is_caps(last.text) and re.fullmatch(
                rf"[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*){{1,4}}", last.text
            ):
                r.signer_name = Item(last.text, last.start, last.end)

    # --- fallbacks ---------------------------------------------------------------------------
    def fallbacks(self) -> None:
        r = self.result
        if r.agency is None:
            for block in self.blocks:
                m = re.search(
                    r"(?:,\s*|^)(?P<a>(?:Sở|Ban|Ủy ban|Uỷ ban|UBND|Phòng|Trung tâm|Hội|Cục|Chi cục|"
                    r"Văn phòng|Bộ)\s+[^,;:]{2,60}?)\s+(?:xây dựng|ban hành|triển khai)\s+"
                    r"(?:[Kk]ế hoạch)",
                    block.text,
                )
                if m:
                    r.agency = Item(m["a"], block.start + m.start("a"), block.start + m.end("a"))
                    break
        if r.agency is None and r.closing:
            m = re.search(
                r"của\s+(?P<a>(?:Sở|Ban|Ủy ban|UBND|Phòng|Trung tâm)[^./]{2,60}?)\s*\./\.",
                r.closing.text,
            )
            if m:
                start = r.closing.start + m.start("a")
                r.agency = Item(m["a"], start, start + len(m["a"]))


def _domain_of_text(text: str) -> str | None:
    low = text.lower()
    for code, words in DOMAIN_KEYWORDS[:-1]:
        if any(w in low for w in words):
            return code
    if re.search(r"lãnh đạo|quản lý|cấp ủy|cấp uỷ|đại biểu|đảng", low):
        return "chinh-tri"
    return None


def extract_text(
    text: str, *, source_kind: str = "text", indicator_names: dict[str, str] | None = None
) -> Extraction:
    """Read an already normalised text (one paragraph per line)."""
    reader = _Reader(text, source_kind, indicator_names)
    after_title = reader.read_header()
    reader.read_period()
    after_preamble = reader.read_preamble(after_title) if reader.result.doc_type else after_title
    reader.read_body(after_preamble)
    reader.fallbacks()
    return reader.result


def extract(
    data: bytes, filename: str = "", *, indicator_names: dict[str, str] | None = None
) -> Extraction:
    """Bytes of a file → the proposed plan. Raises ExtractionError for what is not a plan."""
    document = read_document(data, filename)
    text = normalise(document)
    if len(re.sub(r"\s+", "", text)) < 20:
        raise ExtractionError("Tệp không có nội dung chữ đủ để đọc (gần như trống).")
    result = extract_text(text, source_kind=document.kind, indicator_names=indicator_names)
    if not result.looks_like_plan:
        raise ExtractionError(
            "Không nhận ra đây là văn bản kế hoạch: không thấy chữ “KẾ HOẠCH”, chỉ tiêu hay "
            "nhiệm vụ nào. Hãy kiểm tra lại tệp đã chọn."
        )
    return result
