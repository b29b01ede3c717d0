"""python manage.py import_plan FILE --json            print what was read, save nothing
python manage.py import_plan FILE --agency CODE    save it as a draft plan of that agency

The same reading and the same save as the review page (plans.import_views), without the
review: the draft is meant to be checked on its plan page before it is issued."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.models import Indicator
from plans.extraction import ExtractionError, extract
from plans.forms_import import (
    DutyFormSet,
    HeaderForm,
    ImportRejected,
    TargetFormSet,
    TaskFormSet,
    as_post_data,
    header_initial,
    import_save,
    rows_initial,
)
from plans.models import Agency, Plan


class Command(BaseCommand):
    help = "Đọc văn bản kế hoạch (.docx, .pdf có lớp chữ, .txt) và in JSON hoặc lưu dự thảo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp kế hoạch")
        parser.add_argument("--json", action="store_true", help="In kết quả đọc (JSON), không lưu")
        parser.add_argument("--agency", help="Mã cơ quan để lưu kế hoạch dự thảo")
        parser.add_argument("--user", help="Tên đăng nhập ghi vào lịch sử thay đổi (tùy chọn)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        if not options["json"] and not options["agency"]:
            raise CommandError("Dùng --json để in kết quả đọc, hoặc --agency MÃ để lưu dự thảo.")
        names = dict(Indicator.objects.values_list("code", "name"))
        try:
            result = extract(path.read_bytes(), path.name, indicator_names=names)
        except ExtractionError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
            return
        try:
            agency = Agency.objects.get(code=options["agency"])
        except Agency.DoesNotExist as exc:
            raise CommandError(f"Không có cơ quan mã {options['agency']}.") from exc
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng {options['user']}.")
        plan = self._save(result.to_state(), agency, user)
        self.stdout.write(str(plan.pk))

    def _save(self, state: dict, agency: Agency, user: Any) -> Plan:
        agencies = Agency.objects.filter(pk=agency.pk)
        parents = Plan.objects.select_related("agency")
        header_data = header_initial(state, parents=parents, agency=agency)
        rows = rows_initial(state)
        data = as_post_data(header_data, rows)
        header = HeaderForm(data, agencies=agencies, parents=parents)
        formsets = {
            "targets": TargetFormSet(data, prefix="targets"),
            "tasks": TaskFormSet(data, prefix="tasks"),
            "duties": DutyFormSet(data, prefix="duties"),
        }
        problems = []
        if not header.is_valid():
            problems += [f"{k}: {'; '.join(v)}" for k, v in header.errors.items()]
        for prefix, formset in formsets.items():
            if not formset.is_valid():
                for i, errors in enumerate(formset.errors):
                    problems += [
                        f"{prefix} {i + 1}: {k}: {'; '.join(v)}" for k, v in errors.items()
                    ]
        if problems:
            raise CommandError("Chưa lưu được:\n" + "\n".join(problems))
        try:
            return import_save(
                header=header.cleaned_data,
                targets=formsets["targets"],
                tasks=formsets["tasks"],
                duties=formsets["duties"],
                sections=state.get("sections") or [],
                user=user,
            )
        except ImportRejected as exc:
            lines = []
            if exc.header is not None:
                lines += exc.header.messages
            for (prefix, index), error in exc.rows.items():
                lines.append(f"{prefix} {index + 1}: {'; '.join(error.messages)}")
            raise CommandError("Chưa lưu được:\n" + "\n".join(lines)) from exc
