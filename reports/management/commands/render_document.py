"""python manage.py render_document plan|submission|round ID -o FILE.pdf [--sign]

Issues the document exactly as the web pages do (a report gets the agency's next number;
unchanged data returns the document already issued), renders it in this process, and
writes the stored file — with --sign, the copy signed with the agency's certificate."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from reports import documents, signing
from reports.models import Document, ReportingRound, Submission

SOURCES = {
    "plan": (Document.Kind.PLAN, Plan),
    "submission": (Document.Kind.SUBMISSION, Submission),
    "round": (Document.Kind.ROUND, ReportingRound),
}


class Command(BaseCommand):
    help = "Xuất văn bản PDF (kế hoạch, báo cáo cơ quan, báo cáo tổng hợp của tỉnh)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(SOURCES))
        parser.add_argument("id", type=int)
        parser.add_argument("-o", "--output", required=True, help="tệp PDF ghi ra")
        parser.add_argument("--sign", action="store_true", help="ký số bằng chứng thư của cơ quan")
        parser.add_argument(
            "--user", help="tên đăng nhập người xuất (mặc định: quản trị viên đầu tiên)"
        )

    def handle(self, *args, kind: str, id: int, output: str, sign: bool, user: str | None, **_):
        doc_kind, model = SOURCES[kind]
        try:
            source = model.objects.get(pk=id)
        except model.DoesNotExist as exc:
            raise CommandError(f"Không có {kind} #{id}.") from exc
        actor = self._actor(user)
        try:
            issued = documents.document_issue(kind=doc_kind, source=source, actor=actor)
            doc = issued.document
            if issued.needs_render:
                doc = documents.document_render(doc)
            if not doc.is_ready:
                raise CommandError(f"Không tạo được tệp PDF: {doc.error}")
            if sign and not doc.is_signed:
                doc = signing.document_sign(document=doc, actor=actor)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        field = doc.signed_file if sign else doc.file
        with field.open("rb") as fh:
            data = fh.read()
        Path(output).write_bytes(data)
        what = "đã ký số" if sign else "chưa ký"
        self.stdout.write(
            f"{doc.get_kind_display()} {doc.reference} ({what}, {doc.page_count} trang, "
            f"{len(data)} byte) → {output}"
        )

    @staticmethod
    def _actor(username: str | None):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist as exc:
                raise CommandError(f"Không có người dùng {username}.") from exc
        actor = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("Cần --user hoặc một tài khoản quản trị.")
        return actor
