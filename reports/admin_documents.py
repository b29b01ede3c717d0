"""Admin for documents (read-only) and for the agencies' signing certificates.

The administrator uploads an agency's PKCS#12 with its passphrase here. The form hands
both to reports.signing.credential_create, which checks that the archive opens, keeps the
file under MEDIA_ROOT/private (never served) and stores the passphrase only encrypted."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from reports import signing
from reports.models import Document, SigningCredential

MAX_UPLOAD = 5 * 1024 * 1024


class CredentialAddForm(forms.ModelForm):
    pkcs12_upload = forms.FileField(label="Tệp chứng thư số (.p12, .pfx)")
    passphrase = forms.CharField(
        label="Mật khẩu của tệp",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        strip=False,
        help_text="Chỉ được lưu ở dạng mã hóa; không hiển thị lại.",
    )
    signature_upload = forms.ImageField(
        label="Ảnh chữ ký (PNG nền trong suốt, màu xanh)", required=False
    )
    seal_upload = forms.ImageField(label="Ảnh con dấu (PNG nền trong suốt, màu đỏ)", required=False)

    class Meta:
        model = SigningCredential
        fields = ["agency", "label"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("pkcs12_upload")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise ValidationError("Tệp chứng thư số quá lớn.")
            data = upload.read()
            try:
                signing.read_pkcs12(data, cleaned.get("passphrase") or "")
            except ValidationError as exc:
                self.add_error("pkcs12_upload", exc)
            cleaned["pkcs12_data"] = data
        for name in ("signature_upload", "seal_upload"):
            image = cleaned.get(name)
            if image is not None:
                image.seek(0)
                cleaned[f"{name}_data"] = image.read()
        return cleaned


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "certificate_subject",
        "not_valid_after",
        "active",
        "is_demo",
        "uploaded_at",
    ]
    list_filter = ["active", "is_demo"]
    search_fields = ["agency__name", "agency__code", "certificate_subject"]
    list_select_related = ["agency"]
    readonly_fields = [
        "agency",
        "certificate_subject",
        "certificate_issuer",
        "certificate_serial",
        "not_valid_before",
        "not_valid_after",
        "is_demo",
        "uploaded_by",
        "uploaded_at",
    ]
    fields = ["label", "active", *readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CredentialAddForm
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "agency",
                "label",
                "pkcs12_upload",
                "passphrase",
                "signature_upload",
                "seal_upload",
            ]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            signing.credential_save(credential=obj)
            return
        data = form.cleaned_data
        created = signing.credential_create(
            agency=data["agency"],
            pkcs12_data=data["pkcs12_data"],
            passphrase=data.get("passphrase") or "",
            label=data.get("label") or "",
            uploaded_by=request.user,
            signature_image=data.get("signature_upload_data"),
            seal_image=data.get("seal_upload_data"),
        )
        obj.pk = created.pk
        obj.__dict__.update(created.__dict__)
        messages.info(request, f"Đã lưu chứng thư số: {created.certificate_subject}.")

    def has_delete_permission(self, request, obj=None) -> bool:
        # Documents keep the signer's subject; deactivate a credential instead.
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "agency", "year", "status", "signed_at", "created_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["title", "agency__name", "sha256", "signed_sha256"]
    list_select_related = ["agency"]
    exclude = ["snapshot"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
