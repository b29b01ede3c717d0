from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from plans import demo as plans_demo
from plans.demo_plans import seed_plans
from reports import demo as reports_demo
from reports.pki_demo import seed_demo_pki


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (tỉnh Hà Tĩnh, các sở, người dùng mẫu). Chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args, **options) -> None:
        # The demo history produces hundreds of notifications; print none of their e-mails.
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        ):
            self._seed()

    def _seed(self) -> None:
        agencies = plans_demo.seed_agencies()
        personas = plans_demo.seed_personas(agencies)
        plans = seed_plans(agencies)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(agencies)} cơ quan, đơn vị."))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {len(plans)} kế hoạch mẫu: "
                f"{sum(p.targets.count() for p in plans)} chỉ tiêu, "
                f"{sum(p.tasks.count() for p in plans)} nhiệm vụ."
            )
        )
        if settings.DEBUG:  # demo certificates are refused in production settings
            seed_demo_pki(agencies)
            self.stdout.write(
                self.style.SUCCESS("Đã tạo chứng thư số DEMO để thử ký văn bản (không dùng thật).")
            )
        rounds = reports_demo.seed_rounds(agencies)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(rounds)} kỳ báo cáo mẫu của Hà Tĩnh:"))
        for line in reports_demo.summary(rounds):
            self.stdout.write(line)
        self.stdout.write("Tài khoản mẫu (chỉ dùng để thử):")
        for persona, password in personas:
            self.stdout.write(f"  {persona.username:<8} / {password:<10}  {persona.description}")
