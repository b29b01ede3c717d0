"""Excel template of a submission's figures: download it, upload it filled in.

Views stay thin: load through the access helper, hand the file to reports.excel (which
stores through services.submission_save_draft), show what came back."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from genderplan.access import Action, access, login_required_view
from reports.excel import (
    MAX_UPLOAD_BYTES,
    SHEET_DATA,
    XLSX_CONTENT_TYPE,
    WorkbookRejected,
    excel_filename,
    import_submission_workbook,
    submission_workbook,
)
from reports.models import Submission
from reports.services import EditConflict


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel đã điền (.xlsx)",
        error_messages={
            "required": "Chọn tệp Excel (.xlsx) đã điền để tải lên.",
            "empty": "Tệp rỗng (0 byte). Chọn đúng tệp Excel đã điền rồi tải lên lại.",
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "class": "form-control"}
        ),
    )


def _load(request: HttpRequest, pk: int, action: Action) -> Submission:
    try:
        submission = Submission.objects.select_related(
            "round", "agency", "agency__parent", "agency__parent__parent"
        ).get(pk=pk)
    except Submission.DoesNotExist as exc:
        raise Http404 from exc
    access(request).require(action, submission.agency)
    return submission


def entry_url(submission: Submission) -> str:
    return reverse("submission_entry", kwargs={"pk": submission.pk})


@login_required_view
@require_GET
def submission_excel_download(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _load(request, pk, Action.READ)
    if not access(request).can(Action.EDIT, submission.agency) and (
        submission.first_submitted_at is None
    ):
        # The committee sees an agency's figures only once the agency has sent them.
        raise Http404
    response = HttpResponse(submission_workbook(submission), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{excel_filename(submission, ascii_only=True)}"; '
        f"filename*=UTF-8''{quote(excel_filename(submission))}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required_view
@require_http_methods(["GET", "POST"])
def submission_excel_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _load(request, pk, Action.EDIT)
    form = ExcelUploadForm()
    problems = []
    conflict: EditConflict | None = None
    if request.method == "POST":
        form = ExcelUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                stored = import_submission_workbook(
                    submission=submission, actor=request.user, file=form.cleaned_data["file"]
                )
            except WorkbookRejected as exc:
                problems = exc.problems
            except EditConflict as exc:
                conflict = exc
            else:
                if stored:
                    messages.success(request, f"Đã nhập {stored} số liệu từ tệp Excel.")
                else:
                    messages.info(
                        request,
                        "Tệp Excel không có số liệu nào khác với số liệu đang lưu, nên không "
                        "có gì thay đổi.",
                    )
                return redirect(entry_url(submission))
    return render(
        request,
        "reports/excel_upload.html",
        {
            "submission": submission,
            "form": form,
            "problems": problems,
            "conflict": conflict,
            "entry_url": entry_url(submission),
            "sheet_name": SHEET_DATA,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
    )
