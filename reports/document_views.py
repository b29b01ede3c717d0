"""Pages for official documents (PDF): issue, follow the render, download, sign, and the
verification page anyone logged in may use.

Thin views: access through genderplan.access (documents are read by whoever reads their
source: the plan's agency, the report's agency and — once sent — the committee, the round's
committee), rules in reports/documents.py and reports/signing.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from genderplan.access import Access, Action, access, login_required_view
from genderplan.ui import is_htmx
from plans.models import Plan
from reports import documents, services, signing
from reports.models import Document, ReportingRound, Submission

PAGE_SIZE = 50


# --------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------
def may_read_document(acc: Access, doc: Document) -> bool:
    if acc.is_superuser:
        return True
    match doc.kind:
        case Document.Kind.PLAN:
            return acc.can(Action.READ, doc.plan.agency)
        case Document.Kind.SUBMISSION:
            return services.may_read_submission(acc, doc.submission)
        case Document.Kind.ROUND:
            # The committee of the province, and the people of the issuing agency (the
            # standing office's own leader signs it).
            return acc.can(Action.REVIEW, doc.round.province) or acc.can(Action.READ, doc.agency)
    return False


def may_sign(acc: Access, doc: Document) -> bool:
    return acc.can(Action.APPROVE, doc.agency)


def may_reissue(acc: Access, doc: Document) -> bool:
    match doc.kind:
        case Document.Kind.PLAN:
            return acc.can(Action.READ, doc.plan.agency)
        case Document.Kind.SUBMISSION:
            return acc.can(Action.EDIT, doc.submission.agency)
        case Document.Kind.ROUND:
            return acc.can(Action.REVIEW, doc.round.province)
    return False


def readable_documents(acc: Access) -> QuerySet[Document]:
    qs = Document.objects.select_related("agency")
    if acc.is_superuser:
        return qs
    readable = acc.readable_agencies()
    return qs.filter(
        Q(kind=Document.Kind.PLAN, plan__agency__in=readable)
        | Q(
            kind=Document.Kind.SUBMISSION,
            submission__agency__in=readable,
            submission__first_submitted_at__isnull=False,
        )
        | Q(kind=Document.Kind.ROUND, round__province__in=[p.pk for p in acc.committee_provinces])
        | Q(kind=Document.Kind.ROUND, agency__in=readable)
    )


def _document(request: HttpRequest, pk: int, action: Action = Action.READ) -> Document:
    doc = get_object_or_404(
        Document.objects.select_related(
            "agency",
            "agency__parent",
            "agency__parent__parent",
            "plan__agency__parent__parent",
            "submission__agency__parent__parent",
            "round__province",
            "created_by",
            "signed_by",
        ),
        pk=pk,
    )
    acc = access(request)
    if not may_read_document(acc, doc):
        raise Http404
    if action == Action.APPROVE and not may_sign(acc, doc):
        raise PermissionDenied
    return doc


_SOURCE_PAGES = {
    Document.Kind.PLAN: "plan_detail",
    Document.Kind.SUBMISSION: "submission_detail",
    Document.Kind.ROUND: "round_detail",
}
_CREATE_PAGES = {
    Document.Kind.PLAN: "document_plan_create",
    Document.Kind.SUBMISSION: "document_submission_create",
    Document.Kind.ROUND: "document_round_create",
}


def _source_pk(doc: Document) -> int | None:
    return {
        Document.Kind.PLAN: doc.plan_id,
        Document.Kind.SUBMISSION: doc.submission_id,
        Document.Kind.ROUND: doc.round_id,
    }[doc.kind]


def _source_url(doc: Document) -> str:
    return reverse(_SOURCE_PAGES[doc.kind], args=[_source_pk(doc)])


def _create_url(doc: Document) -> str:
    return reverse(_CREATE_PAGES[doc.kind], args=[_source_pk(doc)])


# --------------------------------------------------------------------------------------
# Issuing
# --------------------------------------------------------------------------------------
def _issue(request: HttpRequest, kind: str, source) -> HttpResponse:
    # documents.document_issue checks first that the user may issue from `source` (404
    # when they may not read it, 403 when they may read but not issue).
    try:
        issued = documents.document_issue(kind=kind, source=source, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_SOURCE_PAGES[kind], source.pk)
    doc = issued.document
    if issued.needs_render:
        if kind == Document.Kind.ROUND:
            # Queued once; asking again while it renders just shows the progress.
            if issued.created or not doc.task_id:
                documents.enqueue_render(doc)
            messages.info(request, "Đang tạo tệp PDF trong nền; bạn có thể tiếp tục làm việc.")
        else:
            try:
                doc = documents.document_render(doc)
            except Exception:  # marked failed; the page says so and offers to try again
                messages.error(request, "Không tạo được tệp PDF. Xem chi tiết bên dưới.")
            else:
                messages.success(request, f"Đã tạo văn bản {doc.reference}.")
    elif not issued.created:
        messages.info(
            request, "Số liệu không thay đổi từ lần xuất trước: đây là văn bản đã phát hành."
        )
    return redirect("document_detail", pk=doc.pk)


@require_POST
@login_required_view
def document_plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agency__parent__parent"), pk=pk)
    return _issue(request, Document.Kind.PLAN, plan)


@require_POST
@login_required_view
def document_submission_create(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("round", "agency__parent__parent"), pk=pk
    )
    return _issue(request, Document.Kind.SUBMISSION, submission)


@require_POST
@login_required_view
def document_round_create(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(ReportingRound.objects.select_related("province"), pk=pk)
    return _issue(request, Document.Kind.ROUND, rnd)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------
@login_required_view
def document_list(request: HttpRequest) -> HttpResponse:
    docs = list(readable_documents(access(request))[:PAGE_SIZE])
    return render(request, "reports/documents.html", {"documents": docs})


def _detail_context(request: HttpRequest, doc: Document, **extra) -> dict:
    acc = access(request)
    can_sign = may_sign(acc, doc)
    return {
        "doc": doc,
        "source_url": _source_url(doc),
        "create_url": _create_url(doc) if may_reissue(acc, doc) else "",
        "can_sign": can_sign,
        "credential": signing.active_credential(doc.agency) if can_sign else None,
        "upload_form": extra.pop("upload_form", None) or SignedUploadForm(),
        **extra,
    }


@login_required_view
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = documents.refresh_status(_document(request, pk))
    return render(request, "reports/documents_detail.html", _detail_context(request, doc))


@login_required_view
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the detail page every 2 s while the PDF renders (HTMX)."""
    doc = documents.refresh_status(_document(request, pk))
    response = render(request, "reports/documents_status.html", {"doc": doc})
    if doc.status != Document.Status.RENDERING and is_htmx(request):
        # Done (or failed): reload the whole page so it shows the download or the error.
        response["HX-Refresh"] = "true"
    return response


def _filename(doc: Document, signed: bool) -> str:
    number = f"{doc.number:02d}" if doc.number is not None else "du-thao"
    base = f"{doc.symbol}-{number}-{doc.year}".replace("/", "-")
    return f"{base}{'-da-ky' if signed else ''}.pdf"


def _file_response(field_file, filename: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required_view
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored file, byte for byte: never rendered again."""
    doc = _document(request, pk)
    if not doc.is_ready or not doc.file:
        raise Http404
    return _file_response(doc.file, _filename(doc, signed=False))


@login_required_view
def document_download_signed(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document(request, pk)
    if not doc.is_signed:
        raise Http404
    return _file_response(doc.signed_file, _filename(doc, signed=True))


# --------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------
@require_POST
@login_required_view
def document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document(request, pk, Action.APPROVE)
    try:
        doc = signing.document_sign(document=doc, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã ký số văn bản {doc.reference}.")
    return redirect("document_detail", pk=doc.pk)


class SignedUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp PDF đã ký số",
        help_text="Tệp PDF của văn bản này, đã ký bằng phần mềm ký số (USB token).",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


def _read_upload(upload) -> bytes:
    if upload.size > signing.MAX_PDF_BYTES:
        raise ValidationError("Tệp quá lớn (tối đa 30 MB).")
    return upload.read()


@require_POST
@login_required_view
def document_upload_signed(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document(request, pk, Action.APPROVE)
    form = SignedUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Chọn tệp PDF đã ký số để tải lên.")
        return redirect("document_detail", pk=doc.pk)
    try:
        data = _read_upload(form.cleaned_data["file"])
        doc = signing.document_attach_signed(document=doc, data=data, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã lưu bản ký số của văn bản.")
    return redirect("document_detail", pk=doc.pk)


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------
class VerifyForm(forms.Form):
    file = forms.FileField(
        label="Tệp PDF cần kiểm tra",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


@login_required_view
def verify_pdf(request: HttpRequest) -> HttpResponse:
    result = None
    document_url = ""
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = _read_upload(form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                result = signing.verify_pdf_bytes(data)
                doc = result.document
                if doc is not None and may_read_document(access(request), doc):
                    document_url = reverse("document_detail", args=[doc.pk])
    else:
        form = VerifyForm()
    status = 400 if request.method == "POST" and result is None else 200
    return render(
        request,
        "reports/verify.html",
        {"form": form, "result": result, "document_url": document_url},
        status=status,
    )
