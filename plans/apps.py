from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def vietnamese_full_name(user) -> str:
    """Vietnamese names put the family name first: "Nguyễn Thị" + "Lan" → "Nguyễn Thị Lan"."""
    return f"{user.last_name} {user.first_name}".strip()


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Cơ quan và kế hoạch")

    def ready(self) -> None:
        # Django's User joins first + last name (Western order). Every page, e-mail and PDF
        # shows people the Vietnamese way, so the one method they all call is replaced here
        # rather than remembering a special filter in each template.
        from django.contrib.auth.models import User

        User.get_full_name = vietnamese_full_name
